namespace Voting.LoadTests;

/// <summary>The traffic shapes the harness can generate.</summary>
public enum ScenarioKind
{
    CeremonyPeak,
    Steady,
    Ramp,
    Closed,
}

/// <summary>Every setting of one harness run, taken from the command line.</summary>
public sealed record HarnessSettings
{
    public required ScenarioKind Scenario { get; init; }
    public Uri BaseUrl { get; init; } = new("http://127.0.0.1:5080");
    public bool AllowRemote { get; init; }
    public string? OperatorToken { get; init; }

    /// <summary>Folder from which <c>dotnet run --project Api -- operator-token</c> is run.</summary>
    public string RepositoryRoot { get; init; } = ".";

    /// <summary>An existing election to vote in; null makes the harness create its own.</summary>
    public string? ElectionId { get; init; }

    /// <summary>Token CSV (<c>delegateId,token,votingUrl</c>) of delegates that already exist.</summary>
    public string? DelegatesCsv { get; init; }

    /// <summary>Ceremony-peak: delegates released in the window. Other scenarios: pool size, or null to size it.</summary>
    public int? Delegates { get; init; }

    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(1);
    public double Rate { get; init; } = 1000;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);
    public double RampStartRate { get; init; } = 500;
    public double RampStepRate { get; init; } = 500;
    public double RampMaxRate { get; init; } = 20_000;
    public TimeSpan RampStepDuration { get; init; } = TimeSpan.FromSeconds(10);
    public int Concurrency { get; init; } = 64;

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);
    public double WarmupRate { get; init; } = 200;

    public double DoubleTapShare { get; init; } = 0.02;
    public double SecondVoteShare { get; init; } = 0.02;
    public double InvalidCredentialShare { get; init; } = 0.01;

    public int MaxRetries { get; init; } = 3;
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public int MaxConnections { get; init; } = 256;

    /// <summary>Hard cap on the whole run, warm-up and scenario together.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Hard cap on HTTP requests sent by the warm-up and the scenario.</summary>
    public long MaxRequests { get; init; } = 2_000_000;

    /// <summary>Largest number of delegates the harness imports for one run.</summary>
    public int MaxDelegates { get; init; } = 100_000;

    public TimeSpan? MaxP99 { get; init; }
    public double? MaxErrorRate { get; init; }
    public double? MinThroughput { get; init; }

    public string? ReportDirectory { get; init; }
    public int Seed { get; init; } = 1;
    public bool Quiet { get; init; }
}
