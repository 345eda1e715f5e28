using System.Diagnostics.Metrics;

namespace Voting.Grains.Ledger;

/// <summary>
/// The ledger writer's instruments on the <c>Voting</c> meter. They count votes and batches and
/// never carry a delegate, a finalist or a receipt.
/// </summary>
public sealed class LedgerMetrics
{
    public const string MeterName = "Voting";

    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _commitDuration;
    private readonly Counter<long> _failedBatches;

    public LedgerMetrics(IMeterFactory meterFactory, Func<int> queueDepth)
    {
        var meter = meterFactory.Create(MeterName);
        _batchSize = meter.CreateHistogram("voting.ledger.batch.size", "{vote}",
            "Votes per ledger transaction.", tags: null,
            new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] });
        _commitDuration = meter.CreateHistogram<double>("voting.ledger.commit.duration", "ms",
            "Time to commit one ledger batch, successful or not.");
        _failedBatches = meter.CreateCounter<long>("voting.ledger.batch.failures", "{batch}",
            "Ledger batches that failed to commit; each of their votes got a retryable error.");
        meter.CreateObservableGauge("voting.ledger.queue.depth", queueDepth, "{vote}",
            "Votes queued in this silo's ledger writer and not yet taken into a batch.");
    }

    public void RecordCommit(int votes, TimeSpan duration, bool committed)
    {
        _batchSize.Record(votes);
        _commitDuration.Record(duration.TotalMilliseconds);
        if (!committed)
        {
            _failedBatches.Add(1);
        }
    }
}
