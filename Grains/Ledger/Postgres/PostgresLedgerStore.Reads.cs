using System.Data;
using Npgsql;

namespace Voting.Grains.Ledger.Postgres;

public sealed partial class PostgresLedgerStore
{
    public async Task OpenCategoryAsync(string electionId, string categoryId, IReadOnlyCollection<string> finalistIds,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(finalistIds);
        if (finalistIds.Count == 0)
        {
            throw new ArgumentException($"Category '{categoryId}' of '{electionId}' has no finalists.",
                nameof(finalistIds));
        }

        await using var command = dataSource.CreateCommand(LedgerSql.OpenWindow);
        command.Parameters.AddWithValue("election_id", electionId);
        command.Parameters.AddWithValue("category_id", categoryId);
        command.Parameters.AddWithValue("finalist_ids", finalistIds.ToArray());
        if (await command.ExecuteNonQueryAsync(cancellationToken) > 0)
        {
            LogCategoryOpened(electionId, categoryId);
        }
    }

    public async Task<DateTimeOffset> CloseCategoryAsync(string electionId, string categoryId,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted,
            cancellationToken);

        await using (var lockWindow = new NpgsqlCommand(LedgerSql.LockWindowForClose, connection, transaction))
        {
            lockWindow.Parameters.AddWithValue("election_id", electionId);
            lockWindow.Parameters.AddWithValue("category_id", categoryId);
            await using var reader = await lockWindow.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException($"Category '{categoryId}' of '{electionId}' was never opened.");
            }

            if (!reader.IsDBNull(1))
            {
                return reader.GetFieldValue<DateTimeOffset>(1);
            }
        }

        await using var close = new NpgsqlCommand(LedgerSql.CloseWindow, connection, transaction);
        close.Parameters.AddWithValue("election_id", electionId);
        close.Parameters.AddWithValue("category_id", categoryId);
        var closedAt = (DateTime)(await close.ExecuteScalarAsync(cancellationToken)
            ?? throw new InvalidOperationException($"Category '{categoryId}' of '{electionId}' did not close."));
        await transaction.CommitAsync(CancellationToken.None);

        LogCategoryClosed(electionId, categoryId);
        return new DateTimeOffset(closedAt, TimeSpan.Zero);
    }

    public async Task<IReadOnlyDictionary<string, LedgerWindow>> GetWindowsAsync(string electionId,
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(LedgerSql.ReadWindows);
        command.Parameters.AddWithValue("election_id", electionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        var windows = new Dictionary<string, LedgerWindow>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var state = reader.GetString(1) == "open" ? LedgerWindowState.Open : LedgerWindowState.Closed;
            DateTimeOffset? closedAt = reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3);
            windows[reader.GetString(0)] = new LedgerWindow(state, reader.GetFieldValue<DateTimeOffset>(2), closedAt);
        }

        return windows;
    }

    public async Task<IReadOnlyList<SignIn>> GetSignInsAsync(string electionId, string delegateId,
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(LedgerSql.ReadSignInsOfDelegate);
        command.Parameters.AddWithValue("election_id", electionId);
        command.Parameters.AddWithValue("delegate_id", delegateId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        var signIns = new List<SignIn>();
        while (await reader.ReadAsync(cancellationToken))
        {
            signIns.Add(new SignIn(reader.GetString(0), reader.GetString(1)));
        }

        return signIns;
    }

    public async Task<long> GetSequenceAsync(string electionId, string categoryId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(LedgerSql.ReadSequence);
        command.Parameters.AddWithValue("election_id", electionId);
        command.Parameters.AddWithValue("category_id", categoryId);
        return await command.ExecuteScalarAsync(cancellationToken) is long sequence ? sequence : 0;
    }

    public async Task<LedgerCount> CountAsync(string electionId, string categoryId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead,
            cancellationToken);
        await using var command = new NpgsqlCommand(LedgerSql.Count, connection, transaction);
        command.Parameters.AddWithValue("election_id", electionId);
        command.Parameters.AddWithValue("category_id", categoryId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        await reader.ReadAsync(cancellationToken);
        var sequence = reader.GetInt64(0);
        var signIns = reader.GetInt64(1);

        await reader.NextResultAsync(cancellationToken);
        var finalists = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            finalists[reader.GetString(0)] = reader.GetInt64(1);
        }

        return new LedgerCount(sequence, signIns, finalists.Values.Sum(), finalists);
    }

    public async Task<IReadOnlyList<BallotBoxEntry>> ReadBallotBoxAsync(string electionId, string categoryId,
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(LedgerSql.ReadBallotBox);
        command.Parameters.AddWithValue("election_id", electionId);
        command.Parameters.AddWithValue("category_id", categoryId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        var entries = new List<BallotBoxEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new BallotBoxEntry(reader.GetString(0), reader.GetString(1)));
        }

        return entries;
    }

    public async Task<string?> FindReceiptAsync(string electionId, string receipt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(LedgerSql.FindReceipt);
        command.Parameters.AddWithValue("election_id", electionId);
        command.Parameters.AddWithValue("receipt", receipt);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
