using System.Collections.Concurrent;
using System.Data;
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

    // Finalists of opened windows, which never change once a window exists.
    private readonly ConcurrentDictionary<(string, string), IReadOnlySet<string>> _finalists = new();

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
            if (exception is NpgsqlException)
            {
                // After a server restart every idle pooled connection is dead and would fail one
                // command. Closing them now makes the next batch open a fresh connection.
                dataSource.Clear();
            }

            throw;
        }
    }

    private async Task<BatchCommit> CommitAsync(IReadOnlyList<LedgerVote> votes, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var windows = await ReadWindowFinalistsAsync(connection, votes, cancellationToken);
        var plan = BatchPlan.Create(votes, windows);

        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted,
            cancellationToken);
        var written = await WriteAsync(connection, transaction, votes, plan, cancellationToken);
        await ResolveCandidatesAsync(connection, transaction, votes, plan, written, cancellationToken);
        var categories = CountCommitted(votes, plan, written);

        if (BeforeCommit is { } hook)
        {
            await hook(connection.ProcessID);
        }

        // Once COMMIT is sent, cancelling could leave the caller unsure whether the batch landed.
        await transaction.CommitAsync(CancellationToken.None);
        LogBatchCommitted(votes.Count, written.Signed.Count, categories.Count);
        return new BatchCommit(plan.Outcomes(), categories);
    }

    /// <summary>
    /// Returns the finalists of each window the batch names, from the cache or the database. A
    /// window missing here was never opened. A window read here may have closed since, which the
    /// write statement finds out under the row lock.
    /// </summary>
    private async Task<Dictionary<(string, string), WindowRow>> ReadWindowFinalistsAsync(
        NpgsqlConnection connection, IReadOnlyList<LedgerVote> votes, CancellationToken cancellationToken)
    {
        var windows = new Dictionary<(string, string), WindowRow>();
        var missing = new List<(string ElectionId, string CategoryId)>();
        foreach (var key in BatchPlan.Categories(votes))
        {
            if (_finalists.TryGetValue(key, out var finalists))
            {
                windows[key] = new WindowRow(true, finalists);
            }
            else
            {
                missing.Add(key);
            }
        }

        if (missing.Count == 0)
        {
            return windows;
        }

        await using var command = new NpgsqlCommand(LedgerSql.ReadWindowFinalists, connection);
        command.Parameters.AddWithValue("election_ids", missing.Select(k => k.ElectionId).ToArray());
        command.Parameters.AddWithValue("category_ids", missing.Select(k => k.CategoryId).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = (reader.GetString(0), reader.GetString(1));
            var finalists = reader.GetFieldValue<string[]>(2).ToHashSet(StringComparer.Ordinal);
            _finalists[key] = finalists;
            windows[key] = new WindowRow(true, finalists);
        }

        return windows;
    }

    private static async Task<WrittenBatch> WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyList<LedgerVote> votes, BatchPlan plan, CancellationToken cancellationToken)
    {
        var written = new WrittenBatch();
        if (plan.Candidates.Count == 0)
        {
            return written;
        }

        var candidates = plan.Candidates.Select(i => votes[i]).ToList();
        await using var command = new NpgsqlCommand(LedgerSql.WriteBatch, connection, transaction);
        AddSignInKeys(command, candidates);
        command.Parameters.AddWithValue("finalist_ids", candidates.Select(v => v.FinalistId).ToArray());
        command.Parameters.AddWithValue("key_hashes", candidates.Select(v => v.IdempotencyKeyHash).ToArray());
        command.Parameters.AddWithValue("receipts", candidates.Select(v => v.Receipt).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            switch (reader.GetString(0))
            {
                case "locked":
                    written.Locked.Add((reader.GetString(1), reader.GetString(2)));
                    break;
                case "signed":
                    written.Signed.Add((reader.GetString(1), reader.GetString(2), reader.GetString(3)));
                    break;
                case "bumped":
                    written.Sequences[(reader.GetString(1), reader.GetString(2))] = reader.GetInt64(4);
                    break;
                default:
                    written.Ballots = reader.GetInt64(4);
                    break;
            }
        }

        if (written.Ballots != written.Signed.Count)
        {
            throw new InvalidOperationException($"Inserted {written.Ballots} ballots for {written.Signed.Count} sign-ins.");
        }

        return written;
    }

    /// <summary>
    /// Settles each candidate: not open when its window was closed by the time it was locked,
    /// committed when signed in, otherwise a duplicate of the sign-in already in the ledger.
    /// </summary>
    private static async Task ResolveCandidatesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyList<LedgerVote> votes, BatchPlan plan, WrittenBatch written, CancellationToken cancellationToken)
    {
        var conflicts = new List<int>();
        foreach (var i in plan.Candidates)
        {
            var vote = votes[i];
            if (!written.Locked.Contains((vote.ElectionId, vote.CategoryId)))
            {
                plan.MarkNotOpen(i);
            }
            else if (written.Signed.Contains((vote.ElectionId, vote.CategoryId, vote.DelegateId)))
            {
                plan.MarkCommitted(i);
            }
            else
            {
                conflicts.Add(i);
            }
        }

        if (conflicts.Count == 0)
        {
            return;
        }

        // A sign-in that conflicted belongs to a transaction that has committed (ON CONFLICT waits
        // for one still in progress), so this statement's fresh snapshot reads it.
        var byKey = conflicts.ToDictionary(i => (votes[i].ElectionId, votes[i].CategoryId, votes[i].DelegateId));
        await using var read = new NpgsqlCommand(LedgerSql.ReadExistingSignIns, connection, transaction);
        AddSignInKeys(read, conflicts.Select(i => votes[i]).ToList());
        await using var existing = await read.ExecuteReaderAsync(cancellationToken);
        while (await existing.ReadAsync(cancellationToken))
        {
            plan.MarkDuplicate(byKey[(existing.GetString(0), existing.GetString(1), existing.GetString(2))],
                existing.GetString(3));
        }
    }

    private static List<CategoryCommit> CountCommitted(IReadOnlyList<LedgerVote> votes, BatchPlan plan,
        WrittenBatch written)
    {
        var counts = new Dictionary<(string ElectionId, string CategoryId), Dictionary<string, int>>();
        foreach (var vote in plan.Candidates.Where(plan.IsCommitted).Select(i => votes[i]))
        {
            var key = (vote.ElectionId, vote.CategoryId);
            if (!counts.TryGetValue(key, out var finalists))
            {
                counts[key] = finalists = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            finalists[vote.FinalistId] = finalists.GetValueOrDefault(vote.FinalistId) + 1;
        }

        // Every window that received ballots was locked open, so its sequence was advanced. A
        // missing one means the schema or this code is wrong, and throwing rolls the batch back.
        if (counts.Keys.Any(key => !written.Sequences.ContainsKey(key)) || counts.Count != written.Sequences.Count)
        {
            throw new InvalidOperationException(
                $"Advanced the commit sequence of {written.Sequences.Count} windows, expected {counts.Count}.");
        }

        return counts.Select(pair => new CategoryCommit(pair.Key.ElectionId, pair.Key.CategoryId,
            written.Sequences[pair.Key], pair.Value)).ToList();
    }

    private static void AddSignInKeys(NpgsqlCommand command, IReadOnlyList<LedgerVote> votes)
    {
        command.Parameters.AddWithValue("election_ids", votes.Select(v => v.ElectionId).ToArray());
        command.Parameters.AddWithValue("category_ids", votes.Select(v => v.CategoryId).ToArray());
        command.Parameters.AddWithValue("delegate_ids", votes.Select(v => v.DelegateId).ToArray());
    }

    /// <summary>What the write statement reported.</summary>
    private sealed class WrittenBatch
    {
        public HashSet<(string, string)> Locked { get; } = [];
        public HashSet<(string, string, string)> Signed { get; } = [];
        public Dictionary<(string ElectionId, string CategoryId), long> Sequences { get; } = [];
        public long Ballots { get; set; }
    }
}
