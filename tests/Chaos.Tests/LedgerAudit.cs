using Npgsql;

namespace Voting.Chaos.Tests;

/// <summary>Reads an election's ballot ledger straight from PostgreSQL, bypassing the cluster.</summary>
public static class LedgerAudit
{
    public static async Task<Dictionary<string, long>> CountSignInsAsync(string connectionString, string electionId) =>
        await CountAsync(connectionString,
            "SELECT category_id, count(*) FROM ledger_sign_in WHERE election_id = $1 GROUP BY category_id", electionId);

    public static async Task<Dictionary<string, long>> CountBallotsAsync(string connectionString, string electionId) =>
        await CountAsync(connectionString,
            "SELECT category_id, count(*) FROM ledger_ballot WHERE election_id = $1 GROUP BY category_id", electionId);

    public static async Task<HashSet<string>> ReadReceiptsAsync(string connectionString, string electionId)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT receipt FROM ledger_ballot WHERE election_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = electionId });
        await using var reader = await command.ExecuteReaderAsync();
        var receipts = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            receipts.Add(reader.GetString(0));
        }

        return receipts;
    }

    private static async Task<Dictionary<string, long>> CountAsync(string connectionString, string sql, string electionId)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = electionId });
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }
}
