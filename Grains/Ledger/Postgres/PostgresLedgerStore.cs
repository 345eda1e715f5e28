using System.Data;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Voting.Grains.Ledger.Postgres;

/// <summary>
/// The ballot ledger on PostgreSQL (tables from db/003_ledger.sql). Each batch is one
/// READ COMMITTED transaction that locks the windows it writes, so batches and the close of a
/// category are ordered by the window's row lock.
/// </summary>
public sealed partial class PostgresLedgerStore(NpgsqlDataSource dataSource, ILogger<PostgresLedgerStore> logger)
    : IBallotLedgerStore
{
    /// <summary>
    /// Test hook: runs after every statement of a batch and before COMMIT, with the backend
    /// process id of the batch's connection, so a test can hold the transaction open or kill it.
    /// </summary>
    internal Func<int, Task>? BeforeCommit { get; set; }

    public async Task<BatchCommit> CommitBatchAsync(IReadOnlyList<LedgerVote> votes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(votes);
        if (votes.Count == 0)
        {
            return new BatchCommit([], []);
        }

        try
        {
            return await CommitAsync(votes, cancellationToken);
        }
        catch (Exception exception)
        {
            // The transaction was rolled back (explicitly or by the server when the connection
            // died), so the writer may fail every vote of the batch as retryable.
            LogBatchFailed(exception, votes.Count);
            throw;
        }
    }

    private async Task<BatchCommit> CommitAsync(IReadOnlyList<LedgerVote> votes, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted,
            cancellationToken);

        var windows = await LockWindowsAsync(connection, transaction, votes, cancellationToken);
        var plan = BatchPlan.Create(votes, windows);
        await SignInAsync(connection, transaction, votes, plan, cancellationToken);

        var committed = plan.Candidates.Where(i => plan.IsCommitted(i)).ToList();
        await InsertBallotsAsync(connection, transaction, votes, committed, cancellationToken);
        var categories = await BumpSequencesAsync(connection, transaction, votes, committed, cancellationToken);
        var outcomes = plan.Outcomes();

        if (BeforeCommit is { } hook)
        {
            await hook(connection.ProcessID);
        }

        // Once COMMIT is sent, cancelling could leave the caller unsure whether the batch landed.
        await transaction.CommitAsync(CancellationToken.None);
        LogBatchCommitted(votes.Count, committed.Count, categories.Count);
        return new BatchCommit(outcomes, categories);
    }

    private static async Task<Dictionary<(string, string), WindowRow>> LockWindowsAsync(NpgsqlConnection connection,
        NpgsqlTransaction transaction, IReadOnlyList<LedgerVote> votes, CancellationToken cancellationToken)
    {
        var keys = BatchPlan.Categories(votes);
        await using var command = new NpgsqlCommand(LedgerSql.LockWindows, connection, transaction);
        command.Parameters.AddWithValue("election_ids", keys.Select(k => k.ElectionId).ToArray());
        command.Parameters.AddWithValue("category_ids", keys.Select(k => k.CategoryId).ToArray());

        var windows = new Dictionary<(string, string), WindowRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var finalists = reader.GetFieldValue<string[]>(3).ToHashSet(StringComparer.Ordinal);
            windows[(reader.GetString(0), reader.GetString(1))] = new WindowRow(reader.GetString(2) == "open", finalists);
        }

        return windows;
    }

    private static async Task SignInAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyList<LedgerVote> votes, BatchPlan plan, CancellationToken cancellationToken)
    {
        if (plan.Candidates.Count == 0)
        {
            return;
        }

        var candidates = plan.Candidates.Select(i => votes[i]).ToList();
        var byKey = plan.Candidates.ToDictionary(i => (votes[i].ElectionId, votes[i].CategoryId, votes[i].DelegateId));

        await using (var insert = new NpgsqlCommand(LedgerSql.InsertSignIns, connection, transaction))
        {
            AddSignInKeys(insert, candidates);
            insert.Parameters.AddWithValue("key_hashes", candidates.Select(v => v.IdempotencyKeyHash).ToArray());
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                plan.MarkCommitted(byKey[(reader.GetString(0), reader.GetString(1), reader.GetString(2))]);
            }
        }

        var conflicts = plan.Candidates.Where(i => !plan.IsCommitted(i)).Select(i => votes[i]).ToList();
        if (conflicts.Count == 0)
        {
            return;
        }

        // A sign-in that conflicted belongs to a transaction that has committed (ON CONFLICT waits
        // for one still in progress), so this statement's fresh snapshot reads it.
        await using var read = new NpgsqlCommand(LedgerSql.ReadExistingSignIns, connection, transaction);
        AddSignInKeys(read, conflicts);
        await using var existing = await read.ExecuteReaderAsync(cancellationToken);
        while (await existing.ReadAsync(cancellationToken))
        {
            plan.MarkDuplicate(byKey[(existing.GetString(0), existing.GetString(1), existing.GetString(2))],
                existing.GetString(3));
        }
    }

    private static void AddSignInKeys(NpgsqlCommand command, IReadOnlyList<LedgerVote> votes)
    {
        command.Parameters.AddWithValue("election_ids", votes.Select(v => v.ElectionId).ToArray());
        command.Parameters.AddWithValue("category_ids", votes.Select(v => v.CategoryId).ToArray());
        command.Parameters.AddWithValue("delegate_ids", votes.Select(v => v.DelegateId).ToArray());
    }

    private static async Task InsertBallotsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyList<LedgerVote> votes, List<int> committed, CancellationToken cancellationToken)
    {
        if (committed.Count == 0)
        {
            return;
        }

        // Ballots go in an order unrelated to the sign-ins, so physical row order cannot pair them.
        var ballots = committed.Select(i => votes[i]).ToArray();
        RandomNumberGenerator.Shuffle(ballots.AsSpan());

        await using var command = new NpgsqlCommand(LedgerSql.InsertBallots, connection, transaction);
        command.Parameters.AddWithValue("election_ids", ballots.Select(v => v.ElectionId).ToArray());
        command.Parameters.AddWithValue("category_ids", ballots.Select(v => v.CategoryId).ToArray());
        command.Parameters.AddWithValue("finalist_ids", ballots.Select(v => v.FinalistId).ToArray());
        command.Parameters.AddWithValue("receipts", ballots.Select(v => v.Receipt).ToArray());
        var inserted = await command.ExecuteNonQueryAsync(cancellationToken);
        if (inserted != ballots.Length)
        {
            throw new InvalidOperationException($"Inserted {inserted} ballots for {ballots.Length} sign-ins.");
        }
    }

    private static async Task<List<CategoryCommit>> BumpSequencesAsync(NpgsqlConnection connection,
        NpgsqlTransaction transaction, IReadOnlyList<LedgerVote> votes, List<int> committed,
        CancellationToken cancellationToken)
    {
        if (committed.Count == 0)
        {
            return [];
        }

        var counts = new Dictionary<(string ElectionId, string CategoryId), Dictionary<string, int>>();
        foreach (var vote in committed.Select(i => votes[i]))
        {
            var key = (vote.ElectionId, vote.CategoryId);
            if (!counts.TryGetValue(key, out var finalists))
            {
                counts[key] = finalists = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            finalists[vote.FinalistId] = finalists.GetValueOrDefault(vote.FinalistId) + 1;
        }

        var keys = counts.Keys.Order(CategoryKeyComparer.Instance).ToList();
        await using var command = new NpgsqlCommand(LedgerSql.BumpSequences, connection, transaction);
        command.Parameters.AddWithValue("election_ids", keys.Select(k => k.ElectionId).ToArray());
        command.Parameters.AddWithValue("category_ids", keys.Select(k => k.CategoryId).ToArray());

        var commits = new List<CategoryCommit>(keys.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = (reader.GetString(0), reader.GetString(1));
            commits.Add(new CategoryCommit(key.Item1, key.Item2, reader.GetInt64(2), counts[key]));
        }

        // The rows are locked and were open when locked, so a missing one means the schema or
        // this code is wrong. Throwing rolls the whole batch back.
        if (commits.Count != keys.Count)
        {
            throw new InvalidOperationException(
                $"Advanced the commit sequence of {commits.Count} windows, expected {keys.Count}.");
        }

        return commits;
    }
}
