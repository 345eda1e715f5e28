using Voting.Grains.Interfaces;
using Voting.Grains.Interfaces.Ballots;
using Voting.Grains.Interfaces.Tallies;
using Voting.Grains.Interfaces.Voting;
using Voting.Grains.Ledger;

namespace Voting.Grains.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class ElectionGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ChangePhase_NeverBackwards()
    {
        var electionId = await fixture.CreateElectionAsync();
        var election = fixture.Grains.GetGrain<IElectionGrain>(electionId);

        await election.ChangePhaseAsync("c1", CategoryPhase.Closed);
        var reopen = await election.ChangePhaseAsync("c1", CategoryPhase.Open);
        var again = await election.ChangePhaseAsync("c1", CategoryPhase.Closed);

        Assert.Equal(PhaseChangeStatus.Backwards, reopen.Status);
        Assert.Equal(CategoryPhase.Closed, reopen.Phases["c1"]);
        Assert.Equal(PhaseChangeStatus.Unchanged, again.Status);
        Assert.Equal(CategoryPhase.Scheduled, again.Phases["c2"]);
    }

    [Fact]
    public async Task Define_AfterOpening_IsLocked()
    {
        var electionId = await fixture.CreateElectionAsync();
        var election = fixture.Grains.GetGrain<IElectionGrain>(electionId);
        var snapshot = await election.GetSnapshotAsync();

        await election.ChangePhaseAsync("c1", CategoryPhase.Open);
        var result = await election.DefineAsync(snapshot!.Ballot);

        Assert.Equal(BallotChangeStatus.Locked, result.Status);
    }

    [Fact]
    public async Task Register_Twice_CountsOnceAndKeepsVersion()
    {
        var electionId = await fixture.CreateElectionAsync("d1", "d2");
        var election = fixture.Grains.GetGrain<IElectionGrain>(electionId);

        var again = await election.RegisterDelegatesAsync([new DelegateRegistration("d1", "d1", null),
            new DelegateRegistration("d3", "d3", null)]);

        Assert.Equal(3, again.RegisteredDelegates);
        Assert.False(again.Delegates[0].IsNew);
        Assert.Equal(1, again.Delegates[0].CredentialVersion);
    }

    [Fact]
    public async Task Close_RacingWithVotes_CountsExactlyTheAccepted()
    {
        var delegates = Enumerable.Range(0, 120).Select(i => $"d{i}").ToArray();
        var electionId = await fixture.CreateElectionAsync(delegates);
        var election = fixture.Grains.GetGrain<IElectionGrain>(electionId);
        await election.ChangePhaseAsync("c1", CategoryPhase.Open);

        var votes = delegates.Select(d => fixture.Delegate(electionId, d)
            .CastAsync(new VoteCommand(1, "c1", "f1", $"k-{d}"))).ToList();
        var close = election.ChangePhaseAsync("c1", CategoryPhase.Published);
        var outcomes = await Task.WhenAll(votes);
        await close;
        var snapshot = await election.GetSnapshotAsync();

        var accepted = outcomes.Count(o => o.Status == VoteStatus.Accepted);
        Assert.All(outcomes, o => Assert.Contains(o.Status, new[] { VoteStatus.Accepted, VoteStatus.CategoryNotOpen }));
        Assert.Equal(accepted, snapshot!.Results["c1"].Ballots);
        Assert.Equal(accepted, (await fixture.Store.CountAsync(electionId, "c1", default)).Ballots);
    }

    [Fact]
    public async Task Publish_CountsFromLedgerWithDigest()
    {
        var electionId = await fixture.CreateElectionAsync("a", "b", "c");
        var election = fixture.Grains.GetGrain<IElectionGrain>(electionId);
        await election.ChangePhaseAsync(null, CategoryPhase.Open);
        var receipts = new List<BallotBoxEntry>();
        foreach (var (delegateId, finalist) in new[] { ("a", "f1"), ("b", "f1"), ("c", "f3") })
        {
            var outcome = await fixture.Delegate(electionId, delegateId).CastAsync(new VoteCommand(1, "c1", finalist, "k"));
            receipts.Add(new BallotBoxEntry(outcome.Receipt!, finalist));
        }

        await election.ChangePhaseAsync(null, CategoryPhase.Published);
        var result = (await election.GetSnapshotAsync())!.Results["c1"];

        Assert.Equal(3, result.Ballots);
        Assert.Equal(2, result.Finalists.Single(f => f.FinalistId == "f1").Votes);
        Assert.Equal(0, result.Finalists.Single(f => f.FinalistId == "f2").Votes);
        Assert.Equal(BallotBoxDigest.Compute(receipts), result.Digest);
        Assert.True(result.CountersMatchedLedger);
        Assert.Equal("c1", await election.FindPublishedReceiptAsync(receipts[0].Receipt));
    }

    [Fact]
    public async Task Counters_LostDelta_HealFromLedger()
    {
        var electionId = await fixture.CreateElectionAsync();
        await fixture.Grains.GetGrain<IElectionGrain>(electionId).ChangePhaseAsync("c1", CategoryPhase.Open);
        var tally = fixture.Grains.GetGrain<ICategoryGrain>(GrainKeys.Compose(electionId, "c1"));
        await tally.GetTallyAsync();

        // Commit straight to the store, as if the batch's delta were lost in a crash.
        await fixture.Store.CommitBatchAsync([new LedgerVote(electionId, "c1", "ghost", "f2",
            Receipts.HashIdempotencyKey("k"), Receipts.NewReceipt())], default);
        var audit = await tally.AuditAsync();
        var healed = await WaitForBallotsAsync(tally, 1);

        Assert.False(audit.Matches);
        Assert.Equal(1, healed.Ballots);
        Assert.Equal(1, healed.Finalists["f2"]);
        Assert.True((await tally.AuditAsync()).Matches);
    }

    private static async Task<CategoryTally> WaitForBallotsAsync(ICategoryGrain tally, long ballots)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var current = await tally.GetTallyAsync();
            if (current.Ballots == ballots || timeout.IsCancellationRequested)
            {
                return current;
            }

            await Task.Delay(100);
        }
    }
}
