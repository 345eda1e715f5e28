using System.Diagnostics;
using Voting.LoadTests.Measurement;

namespace Voting.LoadTests.Tests;

public sealed class MeasurementTests
{
    [Fact]
    public void Percentiles_MatchUniformLatencies()
    {
        var start = Stopwatch.GetTimestamp();
        var step = new StepRecorder("vote", start, maxSeconds: 10);
        for (var ms = 1; ms <= 1000; ms++)
        {
            step.Record(start, start + (ms * Stopwatch.Frequency / 1000), new Outcome(OutcomeKind.Response, 201), expected: true);
        }

        var result = step.Snapshot(TimeSpan.FromSeconds(2));

        Assert.Equal(1000, result.Latency.Count);
        Assert.InRange(result.Latency.P50, 499, 501);
        Assert.InRange(result.Latency.P99, 989, 991);
        Assert.InRange(result.Latency.P999, 998, 1000);
        Assert.InRange(result.Latency.Max, 999, 1001);
        Assert.Equal(500, result.Throughput);
    }

    [Fact]
    public void Latency_RunsFromIntendedTime()
    {
        // A request due at t=0 but completed at t=800 ms took 800 ms for its client, however late it was sent.
        var start = Stopwatch.GetTimestamp();
        var step = new StepRecorder("vote", start, maxSeconds: 10);

        step.Record(start, start + (Stopwatch.Frequency * 8 / 10), new Outcome(OutcomeKind.Response, 201), expected: true);

        Assert.InRange(step.Snapshot(TimeSpan.FromSeconds(1)).Latency.P50, 799, 801);
    }

    [Fact]
    public void Outcomes_AreCountedByStatusAndProblemType()
    {
        var start = Stopwatch.GetTimestamp();
        var step = new StepRecorder("vote", start, maxSeconds: 10);
        step.Record(start, start, new Outcome(OutcomeKind.Response, 201, Receipt: "r"), true);
        step.Record(start, start, new Outcome(OutcomeKind.Response, 409, ProblemType: "already-voted"), false);
        step.Record(start, start, new Outcome(OutcomeKind.Response, 409, ProblemType: "already-voted"), false);
        step.Record(start, start, new Outcome(OutcomeKind.Response, 200, Status: "already-recorded"), true);
        step.Record(start, start, Outcome.TimedOut, false);

        var result = step.Snapshot(TimeSpan.FromSeconds(1));

        Assert.Equal(1, result.Counts["201"]);
        Assert.Equal(2, result.Counts["409 already-voted"]);
        Assert.Equal(1, result.Counts["200 already-recorded"]);
        Assert.Equal(1, result.Counts["timeout"]);
        Assert.Equal(3, result.Unexpected);
    }

    [Fact]
    public void Timeline_GroupsByCompletionSecond()
    {
        var start = Stopwatch.GetTimestamp();
        var step = new StepRecorder("vote", start, maxSeconds: 10);
        var ok = new Outcome(OutcomeKind.Response, 201);
        step.Record(start, start + (Stopwatch.Frequency / 10), ok, true);
        step.Record(start, start + (Stopwatch.Frequency * 25 / 10), ok, true);
        step.Record(start, start + (Stopwatch.Frequency * 27 / 10), ok, true);

        var timeline = step.Snapshot(TimeSpan.FromSeconds(3)).Timeline;

        Assert.Equal([0, 2], timeline.Select(point => point.Second));
        Assert.Equal([1L, 2L], timeline.Select(point => point.Count));
    }

    [Fact]
    public void Budget_StopsAtCap()
    {
        var budget = new RequestBudget(2);

        Assert.True(budget.TryTake());
        Assert.True(budget.TryTake());
        Assert.False(budget.TryTake());
        Assert.True(budget.Exhausted);
        Assert.Equal(2, budget.Sent);
    }
}
