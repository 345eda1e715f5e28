using Npgsql;
using Voting.Grains.Ledger;
using static Voting.Integration.Tests.LedgerFixture;

namespace Voting.Integration.Tests;

public sealed class FailedBatchTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    [PostgresFact]
    public async Task CommitBatch_ConnectionKilledBeforeCommit_LeavesNoRows()
    {
        var electionId = NewElectionId();
        var store = fixture.CreateStore();
        await store.OpenCategoryAsync(electionId, "c1", ["f1", "f2"], CancellationToken.None);
        var killed = false;
        store.BeforeCommit = async processId =>
        {
            // Every statement of the batch ran; the transaction is open with its rows uncommitted.
            await using var kill = fixture.DataSource.CreateCommand("SELECT pg_terminate_backend(@pid)");
            kill.Parameters.AddWithValue("pid", processId);
            killed = (bool)(await kill.ExecuteScalarAsync())!;
        };
        var votes = Enumerable.Range(0, 10).Select(i => Vote(electionId, "c1", $"d{i}", "f1")).ToList();

        await Assert.ThrowsAnyAsync<Exception>(() => store.CommitBatchAsync(votes, CancellationToken.None));

        Assert.True(killed);
        await AssertNoRowsAsync(electionId);
        store.BeforeCommit = null;
        var retry = await store.CommitBatchAsync(votes, CancellationToken.None);
        Assert.All(retry.Outcomes, o => Assert.Equal(LedgerVoteStatus.Committed, o.Status));
        Assert.Equal(1, Assert.Single(retry.Categories).Sequence);
    }

    [PostgresFact]
    public async Task CommitBatch_BallotInsertFails_RollsBackSignIns()
    {
        var electionId = NewElectionId();
        var store = fixture.CreateStore();
        await store.OpenCategoryAsync(electionId, "c1", ["f1"], CancellationToken.None);
        await store.OpenCategoryAsync(electionId, "c2", ["f1"], CancellationToken.None);
        var first = await store.CommitBatchAsync(
            [new LedgerVote(electionId, "c1", "d1", "f1", "key-1", "receipt-taken")], CancellationToken.None);
        Assert.Equal(LedgerVoteStatus.Committed, first.Outcomes[0].Status);

        // The second ballot reuses a receipt, so the ballot INSERT fails after the sign-ins were written.
        LedgerVote[] votes =
        [
            new(electionId, "c2", "d2", "f1", "key-2", "receipt-new"),
            new(electionId, "c2", "d3", "f1", "key-3", "receipt-taken"),
        ];
        var failure = await Assert.ThrowsAsync<PostgresException>(() =>
            store.CommitBatchAsync(votes, CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, failure.SqlState);
        Assert.Empty(await store.GetSignInsAsync(electionId, "d2", CancellationToken.None));
        Assert.Empty(await store.GetSignInsAsync(electionId, "d3", CancellationToken.None));
        var c2 = await store.CountAsync(electionId, "c2", CancellationToken.None);
        Assert.Equal(new LedgerCount(0, 0, 0, new Dictionary<string, long>()).Ballots, c2.Ballots);
        Assert.Equal(0, c2.SignIns);
        Assert.Equal(0, c2.Sequence);
    }

    private async Task AssertNoRowsAsync(string electionId)
    {
        await using var command = fixture.DataSource.CreateCommand("""
            SELECT (SELECT count(*) FROM ledger_sign_in WHERE election_id = @election_id),
                   (SELECT count(*) FROM ledger_ballot WHERE election_id = @election_id),
                   (SELECT commit_seq FROM ledger_window WHERE election_id = @election_id)
            """);
        command.Parameters.AddWithValue("election_id", electionId);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(0, reader.GetInt64(0));
        Assert.Equal(0, reader.GetInt64(1));
        Assert.Equal(0, reader.GetInt64(2));
    }
}
