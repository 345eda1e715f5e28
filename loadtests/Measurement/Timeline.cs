using HdrHistogram;

namespace Voting.LoadTests.Measurement;

/// <summary>One second of a step: requests completed in it and their latency percentiles.</summary>
public sealed record TimelinePoint(int Second, long Count, double P50, double P99, double Max);

/// <summary>Per-second latency histograms keyed by completion time, for the latency-over-time chart.</summary>
public sealed class Timeline(int maxSeconds)
{
    // Two significant digits keep each second's histogram small; the step's own histogram keeps three.
    private readonly LongConcurrentHistogram?[] _seconds = new LongConcurrentHistogram?[maxSeconds + 1];

    public void Record(int second, long latencyMicroseconds)
    {
        var index = Math.Clamp(second, 0, _seconds.Length - 1);
        var histogram = Volatile.Read(ref _seconds[index]);
        if (histogram is null)
        {
            var created = StepRecorder.CreateHistogram(significantDigits: 2);
            histogram = Interlocked.CompareExchange(ref _seconds[index], created, null) ?? created;
        }

        histogram.RecordValue(latencyMicroseconds);
    }

    public List<TimelinePoint> Snapshot()
    {
        var points = new List<TimelinePoint>();
        for (var second = 0; second < _seconds.Length; second++)
        {
            var histogram = Volatile.Read(ref _seconds[second]);
            if (histogram is null || histogram.TotalCount == 0)
            {
                continue;
            }

            var summary = LatencySummary.FromMicroseconds(histogram);
            points.Add(new TimelinePoint(second, summary.Count, summary.P50, summary.P99, summary.Max));
        }

        return points;
    }
}
