using Voting.Grains.Ledger;
using static Voting.Integration.Tests.LedgerFixture;

namespace Voting.Integration.Tests;

public sealed class CloseRaceTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    private const int Committers = 20;
    private const int VotesPerBatch = 5;

    // Bounds of each committer's loop, so a broken close cannot make the test run forever.
    private const int MaxBatchesPerCommitter = 200;
    private static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(60);

    [PostgresFact]
    public async Task Close_RacingTwentyCommitters_CountsEveryAcknowledgedVote()
    {
        var electionId = NewElectionId();
        var store = fixture.CreateStore();
        await store.OpenCategoryAsync(electionId, "c1", ["f1", "f2"], CancellationToken.None);
        using var deadline = new CancellationTokenSource(MaxDuration);
        var enoughCommitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var acknowledged = 0;

        async Task<(int Committed, int RejectedAfterClose)> CommitUntilClosedAsync(int committer)
        {
            var committed = 0;
            for (var batch = 0; batch < MaxBatchesPerCommitter && !deadline.IsCancellationRequested; batch++)
            {
                var votes = Enumerable.Range(0, VotesPerBatch)
                    .Select(i => Vote(electionId, "c1", $"d{committer}-{batch}-{i}", i % 2 == 0 ? "f1" : "f2"))
                    .ToList();
                var result = await store.CommitBatchAsync(votes, CancellationToken.None);
                if (result.Outcomes.All(o => o.Status == LedgerVoteStatus.NotOpen))
                {
                    return (committed, result.Outcomes.Count);
                }

                Assert.All(result.Outcomes, o => Assert.Equal(LedgerVoteStatus.Committed, o.Status));
                committed += VotesPerBatch;
                if (Interlocked.Add(ref acknowledged, VotesPerBatch) >= Committers * VotesPerBatch * 3)
                {
                    enoughCommitted.TrySetResult();
                }
            }

            throw new TimeoutException($"Committer {committer} never saw the category closed.");
        }

        var committers = Enumerable.Range(0, Committers).Select(c => Task.Run(() => CommitUntilClosedAsync(c))).ToList();
        await enoughCommitted.Task.WaitAsync(deadline.Token);
        var closedAt = await store.CloseCategoryAsync(electionId, "c1", CancellationToken.None);
        var results = await Task.WhenAll(committers);

        var count = await store.CountAsync(electionId, "c1", CancellationToken.None);
        var totalAcknowledged = results.Sum(r => r.Committed);
        Assert.Equal(totalAcknowledged, count.Ballots);
        Assert.Equal(totalAcknowledged, count.SignIns);
        Assert.Equal(totalAcknowledged, count.Finalists.Values.Sum());
        Assert.All(results, r => Assert.Equal(VotesPerBatch, r.RejectedAfterClose));

        await using var latest = fixture.DataSource.CreateCommand(
            "SELECT max(signed_in_at) FROM ledger_sign_in WHERE election_id = @election_id");
        latest.Parameters.AddWithValue("election_id", electionId);
        var lastSignIn = (DateTime)(await latest.ExecuteScalarAsync())!;
        Assert.True(lastSignIn < closedAt.UtcDateTime,
            $"A sign-in at {lastSignIn:O} is not before the close at {closedAt:O}.");

        var late = await store.CommitBatchAsync([Vote(electionId, "c1", "late", "f1")], CancellationToken.None);
        Assert.Equal(LedgerVoteStatus.NotOpen, late.Outcomes[0].Status);
    }
}
