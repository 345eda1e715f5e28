using System.Diagnostics;

namespace Voting.LoadTests.Measurement;

/// <summary>
/// The step recorders of one phase (warm-up, the measured run, or one ramp step). Warm-up has its own phase
/// so its requests never reach the reported figures.
/// </summary>
public sealed class PhaseRecorder
{
    public const string BallotStep = "ballot";
    public const string VoteStep = "vote";
    public const string RetryStep = "retry";
    public const string DoubleTapStep = "double-tap";
    public const string SecondVoteStep = "second-vote";
    public const string InvalidCredentialStep = "invalid-credential";
    public const string DelegateStep = "delegate";

    private long _firstIntendedTimestamp = long.MaxValue;
    private long _lastCompletedTimestamp = long.MinValue;

    public PhaseRecorder(string name, long runStartTimestamp, int maxSeconds)
    {
        Name = name;
        StepRecorder Create(string step) => new(step, runStartTimestamp, maxSeconds);
        Ballot = Create(BallotStep);
        Vote = Create(VoteStep);
        Retry = Create(RetryStep);
        DoubleTap = Create(DoubleTapStep);
        SecondVote = Create(SecondVoteStep);
        InvalidCredential = Create(InvalidCredentialStep);
        Delegate = Create(DelegateStep);
    }

    public string Name { get; }

    public StepRecorder Ballot { get; }

    /// <summary>A vote intent from its intended send time to its final response, retries included.</summary>
    public StepRecorder Vote { get; }

    public StepRecorder Retry { get; }
    public StepRecorder DoubleTap { get; }
    public StepRecorder SecondVote { get; }
    public StepRecorder InvalidCredential { get; }

    /// <summary>Ceremony peak only: a delegate from release to the response to its last vote.</summary>
    public StepRecorder Delegate { get; }

    /// <summary>Votes acknowledged in this phase.</summary>
    public long AcknowledgedVotes => Interlocked.Read(ref _acknowledged);

    private long _acknowledged;

    public void MarkIntended(long timestamp)
    {
        long current;
        while (timestamp < (current = Interlocked.Read(ref _firstIntendedTimestamp)))
        {
            Interlocked.CompareExchange(ref _firstIntendedTimestamp, timestamp, current);
        }
    }

    public void MarkCompleted(long timestamp)
    {
        long current;
        while (timestamp > (current = Interlocked.Read(ref _lastCompletedTimestamp)))
        {
            Interlocked.CompareExchange(ref _lastCompletedTimestamp, timestamp, current);
        }
    }

    public void MarkAcknowledged() => Interlocked.Increment(ref _acknowledged);

    /// <summary>Time from the first intended send to the last completed request of the phase.</summary>
    public TimeSpan Duration
    {
        get
        {
            var first = Interlocked.Read(ref _firstIntendedTimestamp);
            var last = Interlocked.Read(ref _lastCompletedTimestamp);
            return first == long.MaxValue || last < first ? TimeSpan.Zero : Stopwatch.GetElapsedTime(first, last);
        }
    }

    public PhaseResult Snapshot()
    {
        var duration = Duration;
        var steps = new[] { Ballot, Vote, Retry, DoubleTap, SecondVote, InvalidCredential, Delegate }
            .Where(step => step.Count > 0)
            .Select(step => step.Snapshot(duration))
            .ToList();
        var votesPerSecond = duration.TotalSeconds > 0 ? AcknowledgedVotes / duration.TotalSeconds : 0;
        return new PhaseResult(Name, duration, AcknowledgedVotes, votesPerSecond, steps);
    }
}

/// <summary>Figures of one phase; <paramref name="AcknowledgedPerSecond"/> is the vote throughput.</summary>
public sealed record PhaseResult(
    string Name, TimeSpan Duration, long AcknowledgedVotes, double AcknowledgedPerSecond, IReadOnlyList<StepResult> Steps)
{
    public StepResult? Step(string name) => Steps.FirstOrDefault(step => step.Name == name);
}
