using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Voting.Grains.Ledger.Postgres;

namespace Voting.Silo.Hosting;

/// <summary>Warns at start when the processes' connection pools together exceed the server's max_connections.</summary>
internal sealed partial class PostgresBudgetCheck(NpgsqlDataSource dataSource, IConfiguration configuration,
    ILogger<PostgresBudgetCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var processes = configuration.GetValue("Voting:Postgres:MaxProcesses", new PostgresOptions().MaxProcesses);
        try
        {
            await PostgresConnectionBudget.CheckAsync(dataSource, processes, logger, cancellationToken);
        }
        catch (NpgsqlException exception)
        {
            LogCheckFailed(logger, exception);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Could not read max_connections to check the connection budget")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
