using Microsoft.Extensions.Logging;
using Npgsql;

namespace Voting.Silo.Migrations;

/// <summary>The "migrate" command of the Silo: applies db/*.sql to the database and exits.</summary>
public static partial class MigrationCommand
{
    /// <summary>Runs the migrations and returns the process exit code: 0 on success, 1 on failure.</summary>
    public static async Task<int> RunAsync(string connectionString, ILogger logger, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            LogMissingConnectionString(logger);
            return 1;
        }

        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await new DatabaseMigrator(dataSource, logger).MigrateAsync(ct);
            return 0;
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException
                                              or ArgumentException or OperationCanceledException)
        {
            LogMigrationFailed(logger, exception);
            return 1;
        }
    }

    [LoggerMessage(EventId = 3211, Level = LogLevel.Error,
        Message = "Cannot migrate: the connection string is missing; set ConnectionStrings:Voting " +
                  "(environment variable ConnectionStrings__Voting)")]
    private static partial void LogMissingConnectionString(ILogger logger);

    [LoggerMessage(EventId = 3212, Level = LogLevel.Error, Message = "Database migration failed; the failing migration was rolled back, " +
                  "earlier ones stay applied. Fix the error and run migrate again")]
    private static partial void LogMigrationFailed(ILogger logger, Exception exception);
}
