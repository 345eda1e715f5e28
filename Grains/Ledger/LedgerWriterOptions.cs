namespace Voting.Grains.Ledger;

/// <summary>Group-commit settings of the per-silo ledger writer (section <c>Voting:Ledger</c>).</summary>
public sealed class LedgerWriterOptions
{
    /// <summary>Votes committed in one transaction at the most.</summary>
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>
    /// How long a writer waits for more votes after the first one of a batch. Zero commits whatever
    /// is queued at once, which suits the in-memory ledger. The PostgreSQL silo defaults to
    /// <see cref="PostgresMaxBatchDelay"/> instead.
    /// </summary>
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// The PostgreSQL default of <see cref="MaxBatchDelay"/>. Batches of one category commit one at a
    /// time (they share the window's row lock), so fuller batches cost less CPU per vote; 2 ms measured
    /// best against zero and 5 ms on a 2-core machine (docs/benchmarks.md).
    /// </summary>
    public static readonly TimeSpan PostgresMaxBatchDelay = TimeSpan.FromMilliseconds(2);

    /// <summary>Votes waiting at the most; a vote beyond it is rejected as overloaded.</summary>
    public int QueueCapacity { get; set; } = 20_000;

    /// <summary>Concurrent writer loops, so one batch can fill while another commits.</summary>
    public int Writers { get; set; } = 2;

    /// <summary>How long a graceful stop waits for queued votes to commit.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
