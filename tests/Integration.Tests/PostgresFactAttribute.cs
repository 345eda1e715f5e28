namespace Voting.Integration.Tests;

/// <summary>
/// A test that needs the PostgreSQL server named by VOTING_TEST_POSTGRES. Without it the test is
/// skipped on a developer machine, but runs and fails in CI (CI set), so CI never passes by
/// skipping.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestPostgres.ConnectionString is null && !TestPostgres.IsCi)
        {
            Skip = $"{TestPostgres.EnvironmentVariable} is not set; start a server with scripts/pg.sh start.";
        }
    }
}
