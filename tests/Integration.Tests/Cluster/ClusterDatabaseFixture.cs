namespace Voting.Integration.Tests.Cluster;

/// <summary>
/// A fresh, unmigrated database for one test class whose tests host the Api on PostgreSQL. The
/// silos apply the migrations when they start, as production silos may.
/// </summary>
public sealed class ClusterDatabaseFixture : IAsyncLifetime
{
    private TestDatabase? _database;

    public TestDatabase Database => _database ?? throw new InvalidOperationException(
        $"{TestPostgres.EnvironmentVariable} is not set, so the cluster database was not created.");

    public async Task InitializeAsync()
    {
        if (TestPostgres.ConnectionString is not null)
        {
            _database = await TestPostgres.CreateDatabaseAsync(migrate: false);
        }
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

/// <summary>
/// The test classes that start whole Api hosts with silos. They run one class at a time to keep
/// few silos in the process, because a silo starved of CPU can miss membership probes and be declared dead.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ApiClusterCollection
{
    public const string Name = "Api cluster on PostgreSQL";
}
