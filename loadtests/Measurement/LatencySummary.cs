using HdrHistogram;

namespace Voting.LoadTests.Measurement;

/// <summary>Latency percentiles in milliseconds.</summary>
public sealed record LatencySummary(
    long Count, double P50, double P75, double P95, double P99, double P999, double Max)
{
    public static readonly LatencySummary Empty = new(0, 0, 0, 0, 0, 0, 0);

    /// <summary>Reads the percentiles of a histogram whose values are microseconds.</summary>
    public static LatencySummary FromMicroseconds(HistogramBase histogram)
    {
        if (histogram.TotalCount == 0)
        {
            return Empty;
        }

        return new LatencySummary(
            histogram.TotalCount,
            Milliseconds(histogram.GetValueAtPercentile(50)),
            Milliseconds(histogram.GetValueAtPercentile(75)),
            Milliseconds(histogram.GetValueAtPercentile(95)),
            Milliseconds(histogram.GetValueAtPercentile(99)),
            Milliseconds(histogram.GetValueAtPercentile(99.9)),
            Milliseconds(histogram.GetMaxValue()));
    }

    private static double Milliseconds(long microseconds) => microseconds / 1000.0;
}
