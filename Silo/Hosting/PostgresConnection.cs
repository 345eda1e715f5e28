using Microsoft.Extensions.Configuration;

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
}
