using Microsoft.Extensions.Logging;
using Npgsql;

namespace Voting.Grains.Ledger.Postgres;

public sealed partial class PostgresLedgerStore : ILedgerProbe
{
    // A standby (in recovery) or a role without INSERT on the ledger tables cannot take a batch.
    private const string WritableSql =
        "SELECT NOT pg_is_in_recovery() AND has_table_privilege('ledger_sign_in', 'INSERT') " +
        "AND has_table_privilege('ledger_ballot', 'INSERT')";

    public async Task<string?> CheckWritableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand(WritableSql);
            var writable = await command.ExecuteScalarAsync(cancellationToken) is true;
            return writable ? null : "PostgreSQL is read-only (in recovery) or denies INSERT on the ledger tables";
        }
        catch (NpgsqlException exception)
        {
            LogProbeFailed(exception);
            return $"PostgreSQL did not answer the probe query: {exception.Message}";
        }
    }

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Ledger readiness probe failed")]
    private partial void LogProbeFailed(Exception exception);
}
