using Microsoft.Extensions.Logging;
using Npgsql;

namespace Voting.Grains.Ledger.Postgres;

/// <summary>
/// PostgreSQL settings for a silo or Api process.
/// </summary>
/// <remarks>
/// Pool sizing: each process should build one <see cref="NpgsqlDataSource"/> and give it to the
/// ledger store and to the Orleans ADO.NET providers (their options take a DataSource), so it opens
/// at most "Maximum Pool Size" connections (Npgsql's default is 100). A process that gives the
/// providers a connection string instead gets a second pool of the same size. The sum over all
/// processes must stay below the server's max_connections minus superuser_reserved_connections
/// (3 by default), or connections fail under load with "sorry, too many clients already".
/// Example: scripts/pg.sh sets max_connections = 200, so four processes with Maximum Pool Size=40
/// use at most 160.
/// </remarks>
public sealed class PostgresOptions
{
    public const string SectionName = "Voting:Postgres";

    /// <summary>The Npgsql connection string, normally from ConnectionStrings:Voting.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// The number of processes (silos and Api instances) expected to share the server at once,
    /// used by the start check of the connection budget.
    /// </summary>
    public int MaxProcesses { get; set; } = 4;
}

/// <summary>Checks at start that the connection pools of all processes fit the server.</summary>
public static partial class PostgresConnectionBudget
{
    /// <summary>
    /// Compares processes × Maximum Pool Size with the server's usable connections and logs a warning
    /// when they do not fit. Returns true when they fit.
    /// </summary>
    public static async Task<bool> CheckAsync(NpgsqlDataSource dataSource, int processes, ILogger logger,
        CancellationToken cancellationToken)
    {
        var maxPoolSize = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxPoolSize;
        await using var command = dataSource.CreateCommand(
            "SELECT current_setting('max_connections')::int, current_setting('superuser_reserved_connections')::int");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var usable = reader.GetInt32(0) - reader.GetInt32(1);

        var needed = processes * maxPoolSize;
        if (needed > usable)
        {
            LogBudgetExceeded(logger, processes, maxPoolSize, needed, usable);
            return false;
        }

        LogBudgetFits(logger, processes, maxPoolSize, needed, usable);
        return true;
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning,
        Message = "PostgreSQL connection budget exceeded: {Processes} processes × Maximum Pool Size {MaxPoolSize} = {Needed} " +
                  "connections, but the server accepts {Usable}; lower Maximum Pool Size or raise max_connections")]
    private static partial void LogBudgetExceeded(ILogger logger, int processes, int maxPoolSize, int needed, int usable);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information,
        Message = "PostgreSQL connection budget: {Processes} processes × Maximum Pool Size {MaxPoolSize} = {Needed} " +
                  "of {Usable} usable connections")]
    private static partial void LogBudgetFits(ILogger logger, int processes, int maxPoolSize, int needed, int usable);
}
