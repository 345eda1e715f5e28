using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Voting.Silo.Hosting;

public static class PostgresConnection
{
    /// <summary>Returns <c>ConnectionStrings:Voting</c>, or stops start-up with a message saying how to set it.</summary>
    public static string Read(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Voting");
        return string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException(
                "Voting:Storage is Postgres but ConnectionStrings:Voting is not set. Set it, for example through " +
                "the environment variable ConnectionStrings__Voting (scripts/pg.sh start prints one for a local server).")
            : connectionString;
    }

    /// <summary>
    /// Builds the process's one data source. Unless the connection string sets its own Max Auto Prepare, Npgsql
    /// prepares statements that run repeatedly, so the ledger's batch statement and the Orleans
    /// queries are not parsed and planned on every call.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
            builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }

        return builder.Build();
    }
}
