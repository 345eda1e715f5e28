using Microsoft.Extensions.Logging;
using Npgsql;

namespace Voting.Silo.Migrations;

/// <summary>
/// Applies the embedded db/*.sql migrations in version order, each in its own transaction, and
/// records them in schema_migrations. A PostgreSQL advisory lock serializes migrators, so silos
/// that start together apply each migration once and the others find nothing left to do.
/// </summary>
public sealed partial class DatabaseMigrator(NpgsqlDataSource dataSource, ILogger logger)
{
    // An arbitrary constant that names the "schema migration" advisory lock of this product.
    private const long AdvisoryLockKey = 0x766f74696e67_01;

    private const string CreateHistoryTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations
        (
            version    integer     PRIMARY KEY,
            name       text        NOT NULL,
            checksum   text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    /// <summary>
    /// Applies the pending migrations and returns how many it applied. Throws when an applied
    /// migration's script has changed since, because the database would no longer match db/.
    /// </summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        var migrations = Migration.LoadEmbedded();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        LogWaitingForLock();
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, CreateHistoryTable, cancellationToken);
            var applied = await ReadAppliedAsync(connection, cancellationToken);
            var count = 0;
            foreach (var migration in migrations)
            {
                if (applied.TryGetValue(migration.Version, out var checksum))
                {
                    if (checksum != migration.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration {migration.Name} was changed after it was applied; add a new migration instead.");
                    }

                    continue;
                }

                await ApplyAsync(connection, migration, cancellationToken);
                count++;
            }

            LogMigrated(count, migrations.Count);
            return count;
        }
        finally
        {
            // Pooled connections keep session state (advisory locks included) when the connection
            // string sets No Reset On Close=true, so the lock is released explicitly.
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    private async Task ApplyAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        LogApplying(migration.Name);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var script = new NpgsqlCommand(migration.Sql, connection, transaction))
        {
            await script.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var record = new NpgsqlCommand(
            "INSERT INTO schema_migrations (version, name, checksum) VALUES (@version, @name, @checksum)",
            connection, transaction))
        {
            record.Parameters.AddWithValue("version", migration.Version);
            record.Parameters.AddWithValue("name", migration.Name);
            record.Parameters.AddWithValue("checksum", migration.Checksum);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<Dictionary<int, string>> ReadAppliedAsync(NpgsqlConnection connection,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var applied = new Dictionary<int, string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Debug, Message = "Waiting for the schema migration lock")]
    private partial void LogWaitingForLock();

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Applying migration {Name}")]
    private partial void LogApplying(string name);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Information,
        Message = "Database schema is current: applied {Applied} of {Total} migrations in this run")]
    private partial void LogMigrated(int applied, int total);
}
