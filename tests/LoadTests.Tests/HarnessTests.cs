namespace Voting.LoadTests.Tests;

/// <summary>Runs the whole harness against <see cref="FakeVotingApi"/>; asserts correctness and exit codes, never timing.</summary>
public sealed class HarnessTests : IDisposable
{
    private readonly string _reportDirectory = Path.Combine(Path.GetTempPath(), "loadtests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_reportDirectory))
        {
            Directory.Delete(_reportDirectory, recursive: true);
        }
    }

    private HarnessSettings Settings(ScenarioKind scenario) => new()
    {
        Scenario = scenario,
        BaseUrl = new Uri("http://localhost"),
        OperatorToken = FakeVotingApi.OperatorToken,
        Delegates = 200,
        Window = TimeSpan.FromMilliseconds(200),
        Warmup = TimeSpan.FromMilliseconds(200),
        WarmupRate = 100,
        DoubleTapShare = 0.05,
        SecondVoteShare = 0.05,
        InvalidCredentialShare = 0.05,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDuration = TimeSpan.FromMinutes(1),
        ReportDirectory = _reportDirectory,
        Quiet = true,
    };

    private static async Task<HarnessResult> RunAsync(FakeVotingApi api, HarnessSettings settings)
    {
        await api.StartAsync();
        return await new Harness(settings, TextWriter.Null, api.CreateHandler()).RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task CeremonyPeak_PassesCorrectness()
    {
        await using var api = new FakeVotingApi();

        var result = await RunAsync(api, Settings(ScenarioKind.CeremonyPeak));

        Assert.True(result.Report!.Correctness.Passed, TextOf(result));
        Assert.Equal(ExitCodes.Passed, result.ExitCode);
        var peak = Assert.Single(result.Report.Phases);
        Assert.Equal(600, peak.AcknowledgedVotes);
        Assert.Equal(200, peak.Step("ballot")!.Latency.Count);
        Assert.Equal(200, peak.Step("delegate")!.Counts["all-acknowledged"]);
        Assert.Equal(600, peak.Step("vote")!.Counts["201 recorded"]);
        Assert.All(peak.Step("second-vote")!.Counts.Keys, label => Assert.Equal("409 already-voted", label));
        Assert.All(peak.Step("invalid-credential")!.Counts.Keys, label => Assert.Equal("401 invalid-credential", label));
        Assert.Equal(20, result.Report.Warmup!.AcknowledgedVotes);
    }

    [Fact]
    public async Task ReportFiles_AreWritten()
    {
        await using var api = new FakeVotingApi();

        var result = await RunAsync(api, Settings(ScenarioKind.CeremonyPeak));

        Assert.Equal(
            ["report.html", "report.md", "report.txt", "steps.csv", "timeline.csv"],
            result.ReportFiles.Select(Path.GetFileName).Order());
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(_reportDirectory, "report.html")));
    }

    [Fact]
    public async Task LostVote_FailsCorrectness()
    {
        await using var api = new FakeVotingApi { LoseEveryNthVote = 50 };

        var result = await RunAsync(api, Settings(ScenarioKind.CeremonyPeak));

        Assert.Equal(ExitCodes.CorrectnessFailed, result.ExitCode);
        Assert.Contains(result.Report!.Correctness.Checks,
            check => !check.Passed && check.Name.EndsWith("ledger ballots equal acknowledged votes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Overload_IsRetriedWithSameKey()
    {
        await using var api = new FakeVotingApi { OverloadEveryNthKey = 4 };

        var result = await RunAsync(api, Settings(ScenarioKind.Steady) with { Rate = 300, Duration = TimeSpan.FromSeconds(1) });

        Assert.True(result.Report!.Correctness.Passed, TextOf(result));
        var steady = Assert.Single(result.Report.Phases);
        Assert.True(steady.Step("retry")!.Counts["201 recorded"] > 0);
        Assert.Equal(300, steady.AcknowledgedVotes);
        Assert.DoesNotContain("503 overloaded", steady.Step("vote")!.Counts.Keys);
    }

    [Fact]
    public async Task ClosedModel_StopsWhenPoolRunsOut()
    {
        await using var api = new FakeVotingApi();

        var result = await RunAsync(api, Settings(ScenarioKind.Closed) with { Delegates = 50, Concurrency = 4, Warmup = TimeSpan.Zero });

        Assert.True(result.Report!.Correctness.Passed, TextOf(result));
        Assert.Equal(150, Assert.Single(result.Report.Phases).AcknowledgedVotes);
        Assert.Contains(result.Report.Notes, note => note.Contains("ran out of delegates", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ramp_StopsAtBrokenThreshold()
    {
        await using var api = new FakeVotingApi();
        var settings = Settings(ScenarioKind.Ramp) with
        {
            RampStartRate = 100,
            RampStepRate = 100,
            RampMaxRate = 300,
            RampStepDuration = TimeSpan.FromMilliseconds(300),
            // No response arrives within 0.1 µs, so the first step breaks the p99 limit.
            MaxP99 = TimeSpan.FromTicks(1),
        };

        var result = await RunAsync(api, settings);

        Assert.True(result.Report!.Correctness.Passed, TextOf(result));
        var step = Assert.Single(result.Report.RampSteps);
        Assert.False(step.WithinLimits);
        Assert.Equal(0, result.Report.Throughput);
    }

    private static string TextOf(HarnessResult result) => Reports.TextReportWriter.Write(result.Report!);
}
