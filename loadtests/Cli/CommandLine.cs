using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Voting.LoadTests.Cli;

namespace Voting.LoadTests;

/// <summary>The harness's commands and options, and their mapping to <see cref="HarnessSettings"/>.</summary>
public static partial class CommandLine
{
    private static readonly (ScenarioKind Kind, string Name, string Description)[] Scenarios =
    [
        (ScenarioKind.CeremonyPeak, "ceremony-peak",
            "N delegates each fetch the ballot and vote in every category, all released within --window."),
        (ScenarioKind.Steady, "steady", "Votes arrive at a fixed --rate for --duration (open model)."),
        (ScenarioKind.Ramp, "ramp",
            "The vote rate rises by --ramp-step-rate every --ramp-step-duration until p99 or the error rate breaks its limit."),
        (ScenarioKind.Closed, "closed", "--concurrency clients vote in a loop for --duration (closed model)."),
    ];

    public static string ScenarioName(ScenarioKind kind) => Scenarios.First(s => s.Kind == kind).Name;

    /// <summary>Builds the root command; <paramref name="run"/> receives the parsed settings and returns the exit code.</summary>
    public static RootCommand Build(Func<HarnessSettings, CancellationToken, Task<int>> run)
    {
        var root = new RootCommand(
            "Load-test harness for the voting API. Creates its own election and delegates through the operator API, " +
            "sends votes, checks the ledger afterwards and writes reports. Exit codes: 0 passed, 1 threshold failed, " +
            "2 correctness check failed, 3 setup or usage error.");
        foreach (var (kind, name, description) in Scenarios)
        {
            var options = new Options();
            var command = new Command(name, description);
            options.AddTo(command);
            command.SetAction((parse, token) => run(options.Read(parse, kind), token));
            root.Add(command);
        }

        return root;
    }

    public static IReadOnlyList<KeyValuePair<string, string>> Describe(HarnessSettings s)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        void Add(string name, object? value) => pairs.Add(new(name, value switch
        {
            null => "(none)",
            TimeSpan duration => DurationParser.Format(duration),
            double number => number.ToString("0.####", CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        }));

        Add("--base-url", s.BaseUrl);
        Add("--election", s.ElectionId ?? "(created by the harness)");
        Add("--delegates", s.Delegates);
        switch (s.Scenario)
        {
            case ScenarioKind.CeremonyPeak: Add("--window", s.Window); break;
            case ScenarioKind.Steady: Add("--rate", s.Rate); Add("--duration", s.Duration); break;
            case ScenarioKind.Ramp:
                Add("--ramp-start-rate", s.RampStartRate); Add("--ramp-step-rate", s.RampStepRate);
                Add("--ramp-max-rate", s.RampMaxRate); Add("--ramp-step-duration", s.RampStepDuration);
                break;
            case ScenarioKind.Closed: Add("--concurrency", s.Concurrency); Add("--duration", s.Duration); break;
        }

        Add("--warmup", s.Warmup);
        Add("--warmup-rate", s.WarmupRate);
        Add("--double-tap-share", s.DoubleTapShare);
        Add("--second-vote-share", s.SecondVoteShare);
        Add("--invalid-credential-share", s.InvalidCredentialShare);
        Add("--max-retries", s.MaxRetries);
        Add("--request-timeout", s.RequestTimeout);
        Add("--max-connections", s.MaxConnections);
        Add("--max-duration", s.MaxDuration);
        Add("--max-requests", s.MaxRequests);
        Add("--max-p99", s.MaxP99);
        Add("--max-error-rate", s.MaxErrorRate);
        Add("--min-throughput", s.MinThroughput);
        Add("--seed", s.Seed);
        return pairs;
    }

    private static Option<TimeSpan> Duration(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = description + " Units ms, s, m or h.",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = ParseDuration,
    };

    private static Option<TimeSpan?> OptionalDuration(string name, string description) => new(name)
    {
        Description = description + " Units ms, s, m or h.",
        CustomParser = result => ParseDuration(result),
    };

    private static TimeSpan ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (DurationParser.TryParse(text, out var duration))
        {
            return duration;
        }

        result.AddError($"Invalid duration '{text}'; write it as 500ms, 1s, 2m or 01:00:00.");
        return TimeSpan.Zero;
    }

    private static Uri ParseBaseUrl(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (Uri.TryCreate(text, UriKind.Absolute, out var url))
        {
            return url;
        }

        result.AddError($"Invalid base URL '{text}'; write an absolute URL such as http://127.0.0.1:5080.");
        return new Uri("http://127.0.0.1");
    }

    private static Option<T> Value<T>(string name, string description, T defaultValue) => new(name)
    {
        Description = description + ".",
        DefaultValueFactory = _ => defaultValue,
    };

    private static void RequireShare(Option<double> option) => option.Validators.Add(result =>
    {
        var value = result.GetValueOrDefault<double>();
        if (value is < 0 or > 1)
        {
            result.AddError($"{option.Name} must be between 0 and 1; got {value.ToString(CultureInfo.InvariantCulture)}.");
        }
    });

    private static void RequirePositive<T>(Option<T> option) where T : System.Numerics.INumber<T> =>
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<T>();
            if (value <= T.Zero)
            {
                result.AddError($"{option.Name} must be greater than 0; got {value}.");
            }
        });
}
