using System.CommandLine;
using Voting.LoadTests.Cli;

namespace Voting.LoadTests;

public static partial class CommandLine
{
    /// <summary>The options every scenario command accepts.</summary>
    private sealed class Options
    {
        private static readonly HarnessSettings Defaults = new() { Scenario = ScenarioKind.CeremonyPeak };

        private readonly Option<Uri> _baseUrl = new("--base-url")
        {
            Description = "Base URL of the API; only loopback addresses unless --allow-remote.",
            DefaultValueFactory = _ => Defaults.BaseUrl,
            CustomParser = ParseBaseUrl,
        };

        private readonly Option<bool> _allowRemote = new("--allow-remote")
        {
            Description = "Allow a base URL that is not loopback. Use only for a server you run and may load.",
        };

        private readonly Option<string?> _operatorToken = new("--operator-token")
        {
            Description = "Operator bearer JWT. When absent, the harness runs 'dotnet run --project Api -- operator-token' " +
                "in --repo-root, which prints one signed with the development API's stored key.",
        };

        private readonly Option<string> _repoRoot = Value("--repo-root", "Repository root in which the operator token command runs", ".");
        private readonly Option<string?> _election = new("--election")
        {
            Description = "Existing election to vote in; its categories must be open. Default: the harness creates " +
                "loadtest-<timestamp> with 3 categories × 5 finalists and opens it.",
        };

        private readonly Option<string?> _delegatesCsv = new("--delegates-csv")
        {
            Description = "Token CSV (delegateId,token,…) of existing delegates to use instead of importing new ones.",
        };

        private readonly Option<int?> _delegates = new("--delegates")
        {
            Description = "ceremony-peak: delegates released in the window (default 1500). Other scenarios: size of the " +
                "delegate pool (default: enough for the rate and duration; closed: 10000).",
        };

        private readonly Option<TimeSpan> _window = Duration("--window", "ceremony-peak: time over which delegates are released.", Defaults.Window);
        private readonly Option<double> _rate = Value("--rate", "steady: votes per second", Defaults.Rate);
        private readonly Option<TimeSpan> _duration = Duration("--duration", "steady and closed: measured duration.", Defaults.Duration);
        private readonly Option<double> _rampStart = Value("--ramp-start-rate", "ramp: first step's votes per second", Defaults.RampStartRate);
        private readonly Option<double> _rampStep = Value("--ramp-step-rate", "ramp: votes per second added per step", Defaults.RampStepRate);
        private readonly Option<double> _rampMax = Value("--ramp-max-rate", "ramp: highest rate tried, votes per second", Defaults.RampMaxRate);
        private readonly Option<TimeSpan> _rampStepDuration = Duration("--ramp-step-duration", "ramp: duration of each step.", Defaults.RampStepDuration);
        private readonly Option<int> _concurrency = Value("--concurrency", "closed: number of clients voting in a loop", Defaults.Concurrency);
        private readonly Option<TimeSpan> _warmup = Duration("--warmup", "Warm-up traffic before the measured run, not counted in figures.", Defaults.Warmup);
        private readonly Option<double> _warmupRate = Value("--warmup-rate", "Warm-up votes per second", Defaults.WarmupRate);
        private readonly Option<double> _doubleTap = Value("--double-tap-share", "Share of votes sent twice at once with one key, 0 to 1", Defaults.DoubleTapShare);
        private readonly Option<double> _secondVote = Value("--second-vote-share", "Share of acknowledged votes followed by a second vote with a new key, 0 to 1", Defaults.SecondVoteShare);
        private readonly Option<double> _invalidCredential = Value("--invalid-credential-share", "Share of votes preceded by a request with a tampered credential, 0 to 1", Defaults.InvalidCredentialShare);
        private readonly Option<int> _maxRetries = Value("--max-retries", "Retries per vote after a timeout, connection error or 503", Defaults.MaxRetries);
        private readonly Option<TimeSpan> _requestTimeout = Duration("--request-timeout", "Timeout of one request.", Defaults.RequestTimeout);
        private readonly Option<int> _maxConnections = Value("--max-connections", "Maximum TCP connections to the API", Defaults.MaxConnections);
        private readonly Option<TimeSpan> _maxDuration = Duration("--max-duration", "Hard cap on warm-up plus scenario.", Defaults.MaxDuration);
        private readonly Option<long> _maxRequests = Value("--max-requests", "Hard cap on requests sent", Defaults.MaxRequests);
        private readonly Option<int> _maxDelegates = Value("--max-delegates", "Most delegates imported for one run", Defaults.MaxDelegates);
        private readonly Option<TimeSpan?> _maxP99 = OptionalDuration("--max-p99", "Fail when the vote p99 latency exceeds this; ramp: the limit a step must hold (default 50ms).");
        private readonly Option<double?> _maxErrorRate = new("--max-error-rate")
        {
            Description = "Fail when the share of unexpected responses exceeds this, 0 to 1; ramp: the limit a step must hold (default 0.01).",
        };

        private readonly Option<double?> _minThroughput = new("--min-throughput")
        {
            Description = "Fail when acknowledged votes per second fall below this; ramp: the highest rate that held.",
        };

        private readonly Option<string?> _reportDir = new("--report-dir")
        {
            Description = "Folder for report.md, report.html, report.txt, steps.csv and timeline.csv. Default: reports/<scenario>-<time>.",
        };

        private readonly Option<int> _seed = Value("--seed", "Seed for finalist choices and shares", Defaults.Seed);
        private readonly Option<bool> _quiet = new("--quiet") { Description = "Do not print progress lines." };

        public Options()
        {
            RequireShare(_doubleTap);
            RequireShare(_secondVote);
            RequireShare(_invalidCredential);
            RequirePositive(_rate);
            RequirePositive(_rampStart);
            RequirePositive(_rampStep);
            RequirePositive(_rampMax);
            RequirePositive(_concurrency);
            RequirePositive(_warmupRate);
            RequirePositive(_maxConnections);
            RequirePositive(_maxRequests);
            RequirePositive(_maxDelegates);
            _delegates.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int?>() is <= 0)
                {
                    result.AddError("--delegates must be greater than 0.");
                }
            });
            _maxRetries.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() < 0)
                {
                    result.AddError("--max-retries must be 0 or more.");
                }
            });
        }

        public void AddTo(Command command)
        {
            Option[] all =
            [
                _baseUrl, _allowRemote, _operatorToken, _repoRoot, _election, _delegatesCsv, _delegates, _window, _rate,
                _duration, _rampStart, _rampStep, _rampMax, _rampStepDuration, _concurrency, _warmup, _warmupRate,
                _doubleTap, _secondVote, _invalidCredential, _maxRetries, _requestTimeout, _maxConnections,
                _maxDuration, _maxRequests, _maxDelegates, _maxP99, _maxErrorRate, _minThroughput, _reportDir, _seed,
                _quiet,
            ];
            foreach (var option in all)
            {
                command.Add(option);
            }
        }

        public HarnessSettings Read(ParseResult parse, ScenarioKind scenario) => new()
        {
            Scenario = scenario,
            BaseUrl = parse.GetValue(_baseUrl)!,
            AllowRemote = parse.GetValue(_allowRemote),
            OperatorToken = parse.GetValue(_operatorToken),
            RepositoryRoot = parse.GetValue(_repoRoot)!,
            ElectionId = parse.GetValue(_election),
            DelegatesCsv = parse.GetValue(_delegatesCsv),
            Delegates = parse.GetValue(_delegates),
            Window = parse.GetValue(_window),
            Rate = parse.GetValue(_rate),
            Duration = parse.GetValue(_duration),
            RampStartRate = parse.GetValue(_rampStart),
            RampStepRate = parse.GetValue(_rampStep),
            RampMaxRate = parse.GetValue(_rampMax),
            RampStepDuration = parse.GetValue(_rampStepDuration),
            Concurrency = parse.GetValue(_concurrency),
            Warmup = parse.GetValue(_warmup),
            WarmupRate = parse.GetValue(_warmupRate),
            DoubleTapShare = parse.GetValue(_doubleTap),
            SecondVoteShare = parse.GetValue(_secondVote),
            InvalidCredentialShare = parse.GetValue(_invalidCredential),
            MaxRetries = parse.GetValue(_maxRetries),
            RequestTimeout = parse.GetValue(_requestTimeout),
            MaxConnections = parse.GetValue(_maxConnections),
            MaxDuration = parse.GetValue(_maxDuration),
            MaxRequests = parse.GetValue(_maxRequests),
            MaxDelegates = parse.GetValue(_maxDelegates),
            MaxP99 = parse.GetValue(_maxP99),
            MaxErrorRate = parse.GetValue(_maxErrorRate),
            MinThroughput = parse.GetValue(_minThroughput),
            ReportDirectory = parse.GetValue(_reportDir),
            Seed = parse.GetValue(_seed),
            Quiet = parse.GetValue(_quiet),
        };
    }
}
