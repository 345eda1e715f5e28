using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Voting.Grains.Ledger;

/// <summary>
/// The per-silo group-commit writer. Delegate grains queue votes here. Writer loops take whatever
/// is queued (up to the batch size), commit it in one transaction and only then complete each
/// vote's task. A failed batch fails all of its votes with <see cref="LedgerUnavailableException"/>.
/// </summary>
public sealed partial class LedgerWriter : IAsyncDisposable
{
    private readonly IBallotLedgerStore _store;
    private readonly ITallyPublisher _tallies;
    private readonly LedgerWriterOptions _options;
    private readonly ILogger<LedgerWriter> _logger;
    private readonly LedgerMetrics? _metrics;
    private readonly Channel<PendingVote> _queue;
    private readonly CancellationTokenSource _abort = new();
    private readonly Task[] _loops;
    private int _depth;

    public LedgerWriter(IBallotLedgerStore store, ITallyPublisher tallies, IOptions<LedgerWriterOptions> options,
        ILogger<LedgerWriter> logger, IMeterFactory? meterFactory = null)
    {
        _store = store;
        _tallies = tallies;
        _options = options.Value;
        _logger = logger;
        _metrics = meterFactory is null ? null : new LedgerMetrics(meterFactory, () => QueueDepth);
        _queue = Channel.CreateBounded<PendingVote>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
        });
        _loops = Enumerable.Range(0, Math.Max(1, _options.Writers)).Select(_ => Task.Run(RunAsync)).ToArray();
    }

    /// <summary>Votes queued and not yet committed.</summary>
    public int QueueDepth => Volatile.Read(ref _depth);

    /// <summary>
    /// Queues a vote and completes when its batch has committed. The task fails with
    /// <see cref="LedgerOverloadedException"/> when the queue is full or the writer is stopping.
    /// </summary>
    public Task<LedgerVoteOutcome> SubmitAsync(LedgerVote vote)
    {
        var pending = new PendingVote(vote);
        if (!_queue.Writer.TryWrite(pending))
        {
            LogQueueFull(_logger, _options.QueueCapacity);
            return Task.FromException<LedgerVoteOutcome>(
                new LedgerOverloadedException("The ledger writer's queue is full or the silo is stopping."));
        }

        Interlocked.Increment(ref _depth);
        return pending.Completion.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingVote>(_options.MaxBatchSize);
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_abort.Token))
            {
                await FillAsync(reader, batch);
                if (batch.Count > 0)
                {
                    Interlocked.Add(ref _depth, -batch.Count);
                    await CommitAsync(batch);
                    batch.Clear();
                }
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            Fail(batch, new LedgerUnavailableException("The silo stopped before this vote was committed."));
        }
    }

    private async Task FillAsync(ChannelReader<PendingVote> reader, List<PendingVote> batch)
    {
        while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var next))
        {
            batch.Add(next);
        }

        if (_options.MaxBatchDelay <= TimeSpan.Zero || batch.Count >= _options.MaxBatchSize)
        {
            return;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        wait.CancelAfter(_options.MaxBatchDelay);
        try
        {
            while (batch.Count < _options.MaxBatchSize && await reader.WaitToReadAsync(wait.Token))
            {
                while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var next))
                {
                    batch.Add(next);
                }
            }
        }
        catch (OperationCanceledException) when (!_abort.IsCancellationRequested)
        {
            // The batch delay ran out: commit what was collected.
        }
    }

    private async Task CommitAsync(List<PendingVote> batch)
    {
        BatchCommit commit;
        var started = Stopwatch.GetTimestamp();
        try
        {
            // The writer's own token, never a caller's: a vote whose client went away is still committed
            // or failed as a whole batch.
            commit = await _store.CommitBatchAsync(batch.ConvertAll(p => p.Vote), _abort.Token);
        }
        catch (Exception exception)
        {
            _metrics?.RecordCommit(batch.Count, Stopwatch.GetElapsedTime(started), committed: false);
            LogBatchFailed(_logger, exception, batch.Count);
            Fail(batch, new LedgerUnavailableException("The ledger failed to commit this vote; retry.", exception));
            return;
        }

        _metrics?.RecordCommit(batch.Count, Stopwatch.GetElapsedTime(started), committed: true);
        LogBatchCommitted(_logger, batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetResult(commit.Outcomes[i]);
        }

        _tallies.Publish(commit.Categories);
    }

    private static void Fail(List<PendingVote> batch, Exception exception)
    {
        foreach (var pending in batch)
        {
            pending.Completion.TrySetException(exception);
        }
    }

    /// <summary>Stops taking votes and waits, up to the drain timeout, for queued votes to commit.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        LogDraining(_logger, QueueDepth);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.DrainTimeout);
        try
        {
            await Task.WhenAll(_loops).WaitAsync(timeout.Token);
            LogDrained(_logger);
        }
        catch (OperationCanceledException)
        {
            LogDrainTimedOut(_logger, QueueDepth);
            await _abort.CancelAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _abort.CancelAsync();
        await Task.WhenAll(_loops).ContinueWith(_ => { }, TaskScheduler.Default);
        while (_queue.Reader.TryRead(out var pending))
        {
            pending.Completion.TrySetException(new LedgerUnavailableException("The silo stopped before this vote was committed."));
        }

        _abort.Dispose();
    }

    private sealed class PendingVote(LedgerVote vote)
    {
        public LedgerVote Vote { get; } = vote;

        public TaskCompletionSource<LedgerVoteOutcome> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Ledger writer queue is full ({Capacity} votes); rejecting a vote as overloaded")]
    private static partial void LogQueueFull(ILogger logger, int capacity);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Ledger batch of {Count} votes failed to commit; every vote in it gets a retryable error")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Trace, Message = "Ledger batch of {Count} votes committed")]
    private static partial void LogBatchCommitted(ILogger logger, int count);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Ledger writer draining {Depth} queued votes before the silo stops")]
    private static partial void LogDraining(ILogger logger, int depth);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "Ledger writer drained")]
    private static partial void LogDrained(ILogger logger);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Error, Message = "Ledger writer drain timed out with {Depth} votes queued; they fail as retryable")]
    private static partial void LogDrainTimedOut(ILogger logger, int depth);
}
