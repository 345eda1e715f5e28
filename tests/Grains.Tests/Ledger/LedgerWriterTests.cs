using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Voting.Grains.Ledger;

namespace Voting.Grains.Tests.Ledger;

public sealed class LedgerWriterTests
{
    private static LedgerVote Vote(string delegateId) =>
        new("e1", "c1", delegateId, "f1", Receipts.HashIdempotencyKey(delegateId), Receipts.NewReceipt());

    private static LedgerWriter CreateWriter(IBallotLedgerStore store, ITallyPublisher? tallies = null,
        LedgerWriterOptions? options = null) =>
        new(store, tallies ?? new RecordingTallies(), Options.Create(options ?? new LedgerWriterOptions()),
            NullLogger<LedgerWriter>.Instance);

    [Fact]
    public async Task Submit_CommitsAndPublishesTallies()
    {
        var store = new InMemoryLedgerStore(TimeProvider.System);
        await store.OpenCategoryAsync("e1", "c1", ["f1"], default);
        var tallies = new RecordingTallies();
        await using var writer = CreateWriter(store, tallies);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => writer.SubmitAsync(Vote($"d{i}"))));

        Assert.All(outcomes, o => Assert.Equal(LedgerVoteStatus.Committed, o.Status));
        Assert.Equal(300, (await store.CountAsync("e1", "c1", default)).Ballots);
        Assert.Equal(300, tallies.Commits.Sum(c => c.Finalists["f1"]));
    }

    [Fact]
    public async Task Submit_FailingBatch_FailsEveryVoteRetryably()
    {
        var store = new FailingStore();
        await using var writer = CreateWriter(store);

        var submissions = Enumerable.Range(0, 20).Select(i => writer.SubmitAsync(Vote($"d{i}"))).ToList();

        foreach (var submission in submissions)
        {
            await Assert.ThrowsAsync<LedgerUnavailableException>(() => submission);
        }
    }

    [Fact]
    public async Task Submit_QueueFull_ThrowsOverloaded()
    {
        var store = new BlockingStore();
        await using var writer = CreateWriter(store, options: new LedgerWriterOptions
        {
            QueueCapacity = 4, Writers = 1, MaxBatchSize = 1,
        });

        var first = writer.SubmitAsync(Vote("d0"));
        await store.Entered.Task;
        var queued = Enumerable.Range(1, 4).Select(i => writer.SubmitAsync(Vote($"d{i}"))).ToList();

        await Assert.ThrowsAsync<LedgerOverloadedException>(() => writer.SubmitAsync(Vote("d5")));
        store.Release.SetResult();
        await Task.WhenAll(queued.Prepend(first));
    }

    [Fact]
    public async Task Drain_CommitsQueuedVotesThenRejectsNewOnes()
    {
        var store = new BlockingStore();
        await using var writer = CreateWriter(store, options: new LedgerWriterOptions { Writers = 1, MaxBatchSize = 1 });
        var first = writer.SubmitAsync(Vote("d0"));
        await store.Entered.Task;
        var queued = writer.SubmitAsync(Vote("d1"));

        var drain = writer.DrainAsync(default);
        store.Release.SetResult();
        await drain;

        Assert.Equal(LedgerVoteStatus.Committed, (await first).Status);
        Assert.Equal(LedgerVoteStatus.Committed, (await queued).Status);
        await Assert.ThrowsAsync<LedgerOverloadedException>(() => writer.SubmitAsync(Vote("d2")));
    }

    private sealed class RecordingTallies : ITallyPublisher
    {
        public List<CategoryCommit> Commits { get; } = [];

        public void Publish(IReadOnlyList<CategoryCommit> commits)
        {
            lock (Commits)
            {
                Commits.AddRange(commits);
            }
        }
    }

    /// <summary>Commits every vote once <see cref="Release"/> is set; signals when the first batch arrives.</summary>
    private sealed class BlockingStore : FailingStore
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task<BatchCommit> CommitBatchAsync(IReadOnlyList<LedgerVote> votes,
            CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Release.Task;
            return new BatchCommit(votes.Select(_ => new LedgerVoteOutcome(LedgerVoteStatus.Committed)).ToList(), []);
        }
    }

    private class FailingStore : IBallotLedgerStore
    {
        public virtual Task<BatchCommit> CommitBatchAsync(IReadOnlyList<LedgerVote> votes,
            CancellationToken cancellationToken) => throw new IOException("connection reset");

        public Task OpenCategoryAsync(string electionId, string categoryId, IReadOnlyCollection<string> finalistIds,
            CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<DateTimeOffset> CloseCategoryAsync(string electionId, string categoryId,
            CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyDictionary<string, LedgerWindow>> GetWindowsAsync(string electionId,
            CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<SignIn>> GetSignInsAsync(string electionId, string delegateId,
            CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<LedgerCount> CountAsync(string electionId, string categoryId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<BallotBoxEntry>> ReadBallotBoxAsync(string electionId, string categoryId,
            CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<string?> FindReceiptAsync(string electionId, string receipt, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
