using Voting.Grains.Interfaces.Ballots;
using Voting.Grains.Interfaces.Voting;

namespace Voting.Grains.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class DelegateGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Cast_HundredParallelKeys_CountsOnce()
    {
        var electionId = await fixture.CreateElectionAsync("d1");
        await fixture.Grains.GetGrain<IElectionGrain>(electionId).ChangePhaseAsync(null, CategoryPhase.Open);
        var grain = fixture.Delegate(electionId, "d1");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100)
            .Select(i => grain.CastAsync(new VoteCommand(1, "c1", $"f{i % 3 + 1}", $"key-{i}"))));

        Assert.Single(outcomes, o => o.Status == VoteStatus.Accepted);
        Assert.Equal(99, outcomes.Count(o => o.Status == VoteStatus.AlreadyVoted));
        Assert.Equal(1, (await fixture.Store.CountAsync(electionId, "c1", default)).Ballots);
    }

    [Fact]
    public async Task Cast_HundredParallelSameKey_OneReceipt()
    {
        var electionId = await fixture.CreateElectionAsync("d1");
        await fixture.Grains.GetGrain<IElectionGrain>(electionId).ChangePhaseAsync(null, CategoryPhase.Open);
        var grain = fixture.Delegate(electionId, "d1");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100)
            .Select(_ => grain.CastAsync(new VoteCommand(1, "c1", "f2", "same-key"))));

        Assert.All(outcomes, o => Assert.Contains(o.Status, new[] { VoteStatus.Accepted, VoteStatus.Replayed }));
        Assert.Single(outcomes.Select(o => o.Receipt).Distinct());
        Assert.Equal(1, (await fixture.Store.CountAsync(electionId, "c1", default)).Ballots);
    }

    [Fact]
    public async Task Cast_SameKeyOtherCategory_IsKeyReused()
    {
        var electionId = await fixture.CreateElectionAsync("d1");
        await fixture.Grains.GetGrain<IElectionGrain>(electionId).ChangePhaseAsync(null, CategoryPhase.Open);
        var grain = fixture.Delegate(electionId, "d1");

        await grain.CastAsync(new VoteCommand(1, "c1", "f1", "k"));
        var other = await grain.CastAsync(new VoteCommand(1, "c2", "f1", "k"));

        Assert.Equal(VoteStatus.KeyReused, other.Status);
        Assert.Equal(0, (await fixture.Store.CountAsync(electionId, "c2", default)).Ballots);
    }

    [Fact]
    public async Task Cast_AfterReactivation_ReplayIsAlreadyRecorded()
    {
        var electionId = await fixture.CreateElectionAsync("d1");
        await fixture.Grains.GetGrain<IElectionGrain>(electionId).ChangePhaseAsync(null, CategoryPhase.Open);
        var accepted = await fixture.Delegate(electionId, "d1").CastAsync(new VoteCommand(1, "c1", "f1", "k"));

        var management = fixture.Grains.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        var replay = await fixture.Delegate(electionId, "d1").CastAsync(new VoteCommand(1, "c1", "f1", "k"));
        var otherKey = await fixture.Delegate(electionId, "d1").CastAsync(new VoteCommand(1, "c1", "f1", "k2"));
        var reusedElsewhere = await fixture.Delegate(electionId, "d1").CastAsync(new VoteCommand(1, "c2", "f1", "k"));

        Assert.Equal(VoteStatus.Accepted, accepted.Status);
        Assert.Equal(VoteStatus.AlreadyRecorded, replay.Status);
        Assert.Null(replay.Receipt);
        Assert.Equal(VoteStatus.AlreadyVoted, otherKey.Status);
        Assert.Equal(VoteStatus.KeyReused, reusedElsewhere.Status);
    }

    [Fact]
    public async Task Cast_OldCredentialVersion_IsRevoked()
    {
        var electionId = await fixture.CreateElectionAsync("d1");
        await fixture.Grains.GetGrain<IElectionGrain>(electionId).ChangePhaseAsync(null, CategoryPhase.Open);
        var grain = fixture.Delegate(electionId, "d1");

        var version = await grain.ReissueCredentialAsync();
        var old = await grain.CastAsync(new VoteCommand(1, "c1", "f1", "k"));
        var current = await grain.CastAsync(new VoteCommand(version!.Value, "c1", "f1", "k"));

        Assert.Equal(2, version);
        Assert.Equal(VoteStatus.CredentialRevoked, old.Status);
        Assert.Equal(VoteStatus.Accepted, current.Status);
    }

    [Fact]
    public async Task Cast_Unregistered_IsRejected()
    {
        var electionId = await fixture.CreateElectionAsync("d1");
        await fixture.Grains.GetGrain<IElectionGrain>(electionId).ChangePhaseAsync(null, CategoryPhase.Open);

        var outcome = await fixture.Delegate(electionId, "stranger").CastAsync(new VoteCommand(1, "c1", "f1", "k"));

        Assert.Equal(VoteStatus.NotRegistered, outcome.Status);
    }

    [Fact]
    public async Task Cast_ScheduledOrUnknown_IsRejected()
    {
        var electionId = await fixture.CreateElectionAsync("d1");
        var grain = fixture.Delegate(electionId, "d1");

        var scheduled = await grain.CastAsync(new VoteCommand(1, "c1", "f1", "k1"));
        var unknownCategory = await grain.CastAsync(new VoteCommand(1, "zz", "f1", "k2"));
        var unknownFinalist = await grain.CastAsync(new VoteCommand(1, "c1", "zz", "k3"));

        Assert.Equal(VoteStatus.CategoryNotOpen, scheduled.Status);
        Assert.Equal(VoteStatus.UnknownCategory, unknownCategory.Status);
        Assert.Equal(VoteStatus.UnknownFinalist, unknownFinalist.Status);
    }

    [Fact]
    public async Task Delegates_007And7_AreDistinct()
    {
        var electionId = await fixture.CreateElectionAsync("007", "7");
        await fixture.Grains.GetGrain<IElectionGrain>(electionId).ChangePhaseAsync(null, CategoryPhase.Open);

        var first = await fixture.Delegate(electionId, "007").CastAsync(new VoteCommand(1, "c1", "f1", "k"));
        var second = await fixture.Delegate(electionId, "7").CastAsync(new VoteCommand(1, "c1", "f1", "k"));

        Assert.Equal(VoteStatus.Accepted, first.Status);
        Assert.Equal(VoteStatus.Accepted, second.Status);
        Assert.Equal(2, (await fixture.Store.CountAsync(electionId, "c1", default)).Ballots);
    }
}
