using Npgsql;
using Voting.Grains.Ledger;
using static Voting.Integration.Tests.LedgerFixture;

namespace Voting.Integration.Tests;

public sealed class LedgerStoreTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    private static readonly string[] Finalists = ["f1", "f2", "f3"];

    private async Task<string> OpenElectionAsync(params string[] categories)
    {
        var electionId = NewElectionId();
        var store = fixture.CreateStore();
        foreach (var category in categories)
        {
            await store.OpenCategoryAsync(electionId, category, Finalists, CancellationToken.None);
        }

        return electionId;
    }

    [PostgresFact]
    public async Task CommitBatch_SameDelegateTwiceFromTwoStores_CountsOneBallot()
    {
        var electionId = await OpenElectionAsync("c1");
        var first = fixture.CreateIsolatedStore(out var firstSource);
        var second = fixture.CreateIsolatedStore(out var secondSource);
        await using var _ = firstSource;
        await using var __ = secondSource;
        var original = Vote(electionId, "c1", "d1", "f1", "key-1");

        var firstResult = await first.CommitBatchAsync([original], CancellationToken.None);
        var secondResult = await second.CommitBatchAsync([Vote(electionId, "c1", "d1", "f2", "key-2")],
            CancellationToken.None);

        Assert.Equal(LedgerVoteStatus.Committed, firstResult.Outcomes[0].Status);
        Assert.Equal(LedgerVoteStatus.Duplicate, secondResult.Outcomes[0].Status);
        Assert.Equal("key-1", secondResult.Outcomes[0].ExistingKeyHash);
        Assert.Empty(secondResult.Categories);
        var count = await first.CountAsync(electionId, "c1", CancellationToken.None);
        Assert.Equal(1, count.Ballots);
        Assert.Equal(1, count.SignIns);
        Assert.Equal(1, count.Sequence);
    }

    [PostgresFact]
    public async Task CommitBatch_SameDelegateConcurrentlyFromEightStores_CountsOneBallot()
    {
        var electionId = await OpenElectionAsync("c1");
        var dataSources = new List<NpgsqlDataSource>();
        try
        {
            var stores = Enumerable.Range(0, 8).Select(_ =>
            {
                var store = fixture.CreateIsolatedStore(out var dataSource);
                dataSources.Add(dataSource);
                return store;
            }).ToList();
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var commits = stores.Select(async (store, i) =>
            {
                await start.Task;
                return await store.CommitBatchAsync([Vote(electionId, "c1", "d1", Finalists[i % 3], $"key-{i}")],
                    CancellationToken.None);
            }).ToList();

            start.SetResult();
            var results = await Task.WhenAll(commits);

            var outcomes = results.Select(r => r.Outcomes.Single()).ToList();
            var winner = Assert.Single(outcomes, o => o.Status == LedgerVoteStatus.Committed);
            var winnerKey = $"key-{outcomes.IndexOf(winner)}";
            Assert.All(outcomes.Where(o => o != winner), o =>
            {
                Assert.Equal(LedgerVoteStatus.Duplicate, o.Status);
                Assert.Equal(winnerKey, o.ExistingKeyHash);
            });
            var count = await stores[0].CountAsync(electionId, "c1", CancellationToken.None);
            Assert.Equal(1, count.Ballots);
            Assert.Equal(1, count.SignIns);
        }
        finally
        {
            foreach (var dataSource in dataSources)
            {
                await dataSource.DisposeAsync();
            }
        }
    }

    [PostgresFact]
    public async Task CommitBatch_DuplicatesWithinBatch_CommitsFirstOnly()
    {
        var electionId = await OpenElectionAsync("c1", "c2");
        var store = fixture.CreateStore();
        LedgerVote[] votes =
        [
            Vote(electionId, "c1", "d1", "f1", "key-a"),
            Vote(electionId, "c1", "d1", "f2", "key-b"),
            Vote(electionId, "c2", "d1", "f2", "key-c"),
            Vote(electionId, "c1", "d2", "f1", "key-d"),
            Vote(electionId, "c1", "d1", "f1", "key-a"),
        ];

        var result = await store.CommitBatchAsync(votes, CancellationToken.None);

        Assert.Equal(LedgerVoteStatus.Committed, result.Outcomes[0].Status);
        Assert.Equal(new LedgerVoteOutcome(LedgerVoteStatus.Duplicate, "key-a"), result.Outcomes[1]);
        Assert.Equal(LedgerVoteStatus.Committed, result.Outcomes[2].Status);
        Assert.Equal(LedgerVoteStatus.Committed, result.Outcomes[3].Status);
        Assert.Equal(new LedgerVoteOutcome(LedgerVoteStatus.Duplicate, "key-a"), result.Outcomes[4]);
        var c1 = Assert.Single(result.Categories, c => c.CategoryId == "c1");
        Assert.Equal(2, c1.Finalists["f1"]);
        Assert.False(c1.Finalists.ContainsKey("f2"));
        var c2 = Assert.Single(result.Categories, c => c.CategoryId == "c2");
        Assert.Equal(1, c2.Finalists["f2"]);
        var count = await store.CountAsync(electionId, "c1", CancellationToken.None);
        Assert.Equal(2, count.Ballots);
        Assert.Equal(2, count.Finalists["f1"]);
    }

    [PostgresFact]
    public async Task CommitBatch_ClosedOrUnknown_RejectsVote()
    {
        var electionId = await OpenElectionAsync("open", "closed");
        var store = fixture.CreateStore();
        await store.CloseCategoryAsync(electionId, "closed", CancellationToken.None);

        var result = await store.CommitBatchAsync(
        [
            Vote(electionId, "closed", "d1", "f1"),
            Vote(electionId, "never-opened", "d1", "f1"),
            Vote(electionId, "open", "d1", "not-a-finalist"),
            Vote(electionId, "open", "d1", "f3", "key-open"),
        ], CancellationToken.None);

        Assert.Equal(LedgerVoteStatus.NotOpen, result.Outcomes[0].Status);
        Assert.Equal(LedgerVoteStatus.NotOpen, result.Outcomes[1].Status);
        Assert.Equal(LedgerVoteStatus.UnknownFinalist, result.Outcomes[2].Status);
        Assert.Equal(LedgerVoteStatus.Committed, result.Outcomes[3].Status);
        var commit = Assert.Single(result.Categories);
        Assert.Equal("open", commit.CategoryId);
        Assert.Equal(1, commit.Sequence);
        Assert.Equal([new SignIn("open", "key-open")],
            await store.GetSignInsAsync(electionId, "d1", CancellationToken.None));
    }

    [PostgresFact]
    public async Task CommitBatch_EachBatch_AdvancesSequenceOnce()
    {
        var electionId = await OpenElectionAsync("c1");
        var store = fixture.CreateStore();

        for (var batch = 0; batch < 3; batch++)
        {
            var votes = Enumerable.Range(0, 4).Select(i => Vote(electionId, "c1", $"d{batch}-{i}", "f2")).ToList();
            var result = await store.CommitBatchAsync(votes, CancellationToken.None);
            Assert.Equal(batch + 1, Assert.Single(result.Categories).Sequence);
        }

        var count = await store.CountAsync(electionId, "c1", CancellationToken.None);
        Assert.Equal(3, count.Sequence);
        Assert.Equal(12, count.Ballots);
        Assert.Equal(12, count.SignIns);
        Assert.Equal(12, count.Finalists["f2"]);
    }

    [PostgresFact]
    public async Task CommitBatch_Delegates007And7_StayDistinct()
    {
        var electionId = await OpenElectionAsync("c1");
        var store = fixture.CreateStore();

        var result = await store.CommitBatchAsync(
            [Vote(electionId, "c1", "007", "f1", "key-007"), Vote(electionId, "c1", "7", "f2", "key-7")],
            CancellationToken.None);

        Assert.All(result.Outcomes, o => Assert.Equal(LedgerVoteStatus.Committed, o.Status));
        Assert.Equal("key-007", Assert.Single(await store.GetSignInsAsync(electionId, "007", CancellationToken.None)).IdempotencyKeyHash);
        Assert.Equal("key-7", Assert.Single(await store.GetSignInsAsync(electionId, "7", CancellationToken.None)).IdempotencyKeyHash);
        Assert.Equal(2, (await store.CountAsync(electionId, "c1", CancellationToken.None)).SignIns);
    }

    [PostgresFact]
    public async Task ReadBallotBox_OrdersByReceiptOrdinal()
    {
        var electionId = await OpenElectionAsync("c1");
        var store = fixture.CreateStore();
        string[] receipts = ["b", "B", "a", "A", "_x", "10", "9", "Z-1", "z_1"];
        var votes = receipts.Select((receipt, i) =>
            new LedgerVote(electionId, "c1", $"d{i}", Finalists[i % 3], $"key-{i}", receipt)).ToList();
        await store.CommitBatchAsync(votes, CancellationToken.None);

        var box = await store.ReadBallotBoxAsync(electionId, "c1", CancellationToken.None);

        Assert.Equal(receipts.Order(StringComparer.Ordinal), box.Select(b => b.Receipt));
        Assert.Equal("f1", box.Single(b => b.Receipt == "b").FinalistId);
        Assert.Equal("c1", await store.FindReceiptAsync(electionId, "Z-1", CancellationToken.None));
        Assert.Null(await store.FindReceiptAsync(electionId, "missing", CancellationToken.None));
    }

    [PostgresFact]
    public async Task Windows_OpenTwiceCloseTwice_KeepFirstInstants()
    {
        var electionId = await OpenElectionAsync("c1");
        var store = fixture.CreateStore();

        await store.OpenCategoryAsync(electionId, "c1", ["other"], CancellationToken.None);
        var firstClose = await store.CloseCategoryAsync(electionId, "c1", CancellationToken.None);
        var secondClose = await store.CloseCategoryAsync(electionId, "c1", CancellationToken.None);
        var windows = await store.GetWindowsAsync(electionId, CancellationToken.None);

        Assert.Equal(firstClose, secondClose);
        var window = Assert.Single(windows).Value;
        Assert.Equal(LedgerWindowState.Closed, window.State);
        Assert.Equal(firstClose, window.ClosedAt);
        Assert.True(window.OpenedAt <= firstClose);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.CloseCategoryAsync(electionId, "never-opened", CancellationToken.None));
    }
}
