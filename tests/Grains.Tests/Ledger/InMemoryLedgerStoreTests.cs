using Voting.Grains.Ledger;

namespace Voting.Grains.Tests.Ledger;

public sealed class InMemoryLedgerStoreTests
{
    private const string Election = "e1";
    private readonly InMemoryLedgerStore _store = new(TimeProvider.System);

    private static LedgerVote Vote(string delegateId, string finalist = "f1", string category = "c1", string key = "k") =>
        new(Election, category, delegateId, finalist, Receipts.HashIdempotencyKey(key), Receipts.NewReceipt());

    [Fact]
    public async Task Commit_NotOpened_RejectsAsNotOpen()
    {
        var commit = await _store.CommitBatchAsync([Vote("d1")], default);

        Assert.Equal(LedgerVoteStatus.NotOpen, commit.Outcomes[0].Status);
        Assert.Empty(commit.Categories);
    }

    [Fact]
    public async Task Commit_SecondSignIn_IsDuplicateWithFirstKey()
    {
        await _store.OpenCategoryAsync(Election, "c1", ["f1", "f2"], default);

        await _store.CommitBatchAsync([Vote("d1", key: "first")], default);
        var second = await _store.CommitBatchAsync([Vote("d1", "f2", key: "second")], default);

        Assert.Equal(LedgerVoteStatus.Duplicate, second.Outcomes[0].Status);
        Assert.Equal(Receipts.HashIdempotencyKey("first"), second.Outcomes[0].ExistingKeyHash);
        Assert.Equal(1, (await _store.CountAsync(Election, "c1", default)).Ballots);
    }

    [Fact]
    public async Task Commit_DuplicateWithinBatch_CountsOnce()
    {
        await _store.OpenCategoryAsync(Election, "c1", ["f1"], default);

        var commit = await _store.CommitBatchAsync([Vote("d1"), Vote("d1")], default);

        Assert.Equal(LedgerVoteStatus.Committed, commit.Outcomes[0].Status);
        Assert.Equal(LedgerVoteStatus.Duplicate, commit.Outcomes[1].Status);
        Assert.Equal(1, commit.Categories.Single().Finalists["f1"]);
    }

    [Fact]
    public async Task Commit_UnknownFinalist_IsRejected()
    {
        await _store.OpenCategoryAsync(Election, "c1", ["f1"], default);

        var commit = await _store.CommitBatchAsync([Vote("d1", "nobody")], default);

        Assert.Equal(LedgerVoteStatus.UnknownFinalist, commit.Outcomes[0].Status);
    }

    [Fact]
    public async Task Commit_AfterClose_IsNotOpen()
    {
        await _store.OpenCategoryAsync(Election, "c1", ["f1"], default);
        var closedAt = await _store.CloseCategoryAsync(Election, "c1", default);

        var commit = await _store.CommitBatchAsync([Vote("d1")], default);
        var again = await _store.CloseCategoryAsync(Election, "c1", default);

        Assert.Equal(LedgerVoteStatus.NotOpen, commit.Outcomes[0].Status);
        Assert.Equal(closedAt, again);
    }

    [Fact]
    public async Task Commit_SequenceGrowsPerCategory()
    {
        await _store.OpenCategoryAsync(Election, "c1", ["f1"], default);
        await _store.OpenCategoryAsync(Election, "c2", ["f1"], default);

        var first = await _store.CommitBatchAsync([Vote("d1"), Vote("d1", category: "c2")], default);
        var second = await _store.CommitBatchAsync([Vote("d2")], default);
        var count = await _store.CountAsync(Election, "c1", default);

        Assert.All(first.Categories, c => Assert.Equal(1, c.Sequence));
        Assert.Equal(2, second.Categories.Single().Sequence);
        Assert.Equal(2, count.Sequence);
    }

    [Fact]
    public async Task Close_RacingWithCommits_CountsExactlyTheCommitted()
    {
        await _store.OpenCategoryAsync(Election, "c1", ["f1"], default);
        var committed = 0;
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                var commit = await _store.CommitBatchAsync([Vote($"d{w}-{i}")], default);
                if (commit.Outcomes[0].Status == LedgerVoteStatus.Committed)
                {
                    Interlocked.Increment(ref committed);
                }
            }
        })).ToList();

        await Task.Delay(1);
        await _store.CloseCategoryAsync(Election, "c1", default);
        await Task.WhenAll(writers);
        var count = await _store.CountAsync(Election, "c1", default);

        Assert.Equal(committed, count.Ballots);
        Assert.Equal(committed, count.SignIns);
    }

    [Fact]
    public async Task BallotBox_IsOrderedByReceiptNotBySignIn()
    {
        await _store.OpenCategoryAsync(Election, "c1", ["f1"], default);
        await _store.CommitBatchAsync(Enumerable.Range(0, 50).Select(i => Vote($"d{i}")).ToList(), default);

        var box = await _store.ReadBallotBoxAsync(Election, "c1", default);

        Assert.Equal(50, box.Count);
        Assert.Equal(box.Select(b => b.Receipt).Order(StringComparer.Ordinal), box.Select(b => b.Receipt));
    }

    [Fact]
    public async Task FindReceipt_ReturnsCategory()
    {
        await _store.OpenCategoryAsync(Election, "c1", ["f1"], default);
        var vote = Vote("d1");
        await _store.CommitBatchAsync([vote], default);

        Assert.Equal("c1", await _store.FindReceiptAsync(Election, vote.Receipt, default));
        Assert.Null(await _store.FindReceiptAsync(Election, Receipts.NewReceipt(), default));
    }

    [Fact]
    public async Task DelegateIds_AreCaseAndDigitExact()
    {
        await _store.OpenCategoryAsync(Election, "c1", ["f1"], default);

        var commit = await _store.CommitBatchAsync([Vote("007"), Vote("7"), Vote("D1"), Vote("d1")], default);

        Assert.All(commit.Outcomes, o => Assert.Equal(LedgerVoteStatus.Committed, o.Status));
    }
}
