using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;

namespace Voting.LoadTests.Measurement;

/// <summary>Counts and latencies of one step (ballot fetch, vote, retry, …) within one phase of a run.</summary>
public sealed class StepRecorder
{
    /// <summary>Highest latency the histograms track: 10 minutes in microseconds.</summary>
    public const long MaxTrackableMicroseconds = 600_000_000;

    private readonly LongConcurrentHistogram _histogram = CreateHistogram(significantDigits: 3);
    private readonly ConcurrentDictionary<string, long> _counts = new();
    private readonly Timeline _timeline;
    private readonly long _runStartTimestamp;
    private long _unexpected;

    public StepRecorder(string name, long runStartTimestamp, int maxSeconds)
    {
        Name = name;
        _runStartTimestamp = runStartTimestamp;
        _timeline = new Timeline(maxSeconds);
    }

    public string Name { get; }

    public long Count => _histogram.TotalCount;

    public long Unexpected => Interlocked.Read(ref _unexpected);

    internal static LongConcurrentHistogram CreateHistogram(int significantDigits) =>
        new(1, MaxTrackableMicroseconds, significantDigits);

    /// <summary>
    /// Records a completed request. Latency runs from <paramref name="intendedTimestamp"/> (when the request was
    /// due, not when it was sent) so that a server that delays sending shows up as latency.
    /// </summary>
    public void Record(long intendedTimestamp, long completedTimestamp, Outcome outcome, bool expected)
    {
        var microseconds = Math.Clamp(
            Stopwatch.GetElapsedTime(intendedTimestamp, completedTimestamp).Ticks / TimeSpan.TicksPerMicrosecond,
            1,
            MaxTrackableMicroseconds);
        _histogram.RecordValue(microseconds);
        _counts.AddOrUpdate(outcome.Label, 1, (_, count) => count + 1);
        if (!expected)
        {
            Interlocked.Increment(ref _unexpected);
        }

        var second = (int)Stopwatch.GetElapsedTime(_runStartTimestamp, completedTimestamp).TotalSeconds;
        _timeline.Record(second, microseconds);
    }

    public StepResult Snapshot(TimeSpan measuredDuration) => new(
        Name,
        LatencySummary.FromMicroseconds(_histogram),
        new SortedDictionary<string, long>(_counts, StringComparer.Ordinal),
        Unexpected,
        measuredDuration.TotalSeconds > 0 ? Count / measuredDuration.TotalSeconds : 0,
        _timeline.Snapshot());
}

/// <summary>The figures of one step: latency, counts by outcome label, and throughput in requests per second.</summary>
public sealed record StepResult(
    string Name,
    LatencySummary Latency,
    IReadOnlyDictionary<string, long> Counts,
    long Unexpected,
    double Throughput,
    IReadOnlyList<TimelinePoint> Timeline);
