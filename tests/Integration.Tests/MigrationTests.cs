using Microsoft.Extensions.Logging.Abstractions;
using Voting.Silo.Migrations;

namespace Voting.Integration.Tests;

public sealed class MigrationTests
{
    [PostgresFact]
    public async Task Migrate_Twice_AppliesEachOnce()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync(migrate: false);
        await using var dataSource = database.CreateDataSource();
        var migrator = new DatabaseMigrator(dataSource, NullLogger.Instance);
        var expected = Migration.LoadEmbedded().Count;

        var first = await migrator.MigrateAsync(CancellationToken.None);
        var second = await migrator.MigrateAsync(CancellationToken.None);

        Assert.Equal(expected, first);
        Assert.Equal(0, second);
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM schema_migrations");
        Assert.Equal((long)expected, await count.ExecuteScalarAsync());
    }

    [PostgresFact]
    public async Task Migrate_Concurrently_AppliesEachOnce()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync(migrate: false);
        var expected = Migration.LoadEmbedded().Count;
        var dataSources = Enumerable.Range(0, 4).Select(_ => database.CreateDataSource()).ToList();
        try
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var runs = dataSources.Select(async dataSource =>
            {
                await start.Task;
                return await new DatabaseMigrator(dataSource, NullLogger.Instance).MigrateAsync(CancellationToken.None);
            }).ToList();

            start.SetResult();
            var applied = await Task.WhenAll(runs);

            Assert.Equal(expected, applied.Sum());
            Assert.Single(applied, count => count == expected);
            await using var count = dataSources[0].CreateCommand("SELECT count(*) FROM schema_migrations");
            Assert.Equal((long)expected, await count.ExecuteScalarAsync());
        }
        finally
        {
            foreach (var dataSource in dataSources)
            {
                await dataSource.DisposeAsync();
            }
        }
    }

    [Fact]
    public void Migrations_AreEmbeddedInVersionOrder()
    {
        var migrations = Migration.LoadEmbedded();

        Assert.Equal(["001_orleans_clustering", "002_orleans_persistence", "003_ledger"],
            migrations.Select(m => m.Name).Take(3));
        Assert.Equal(migrations.Select(m => m.Version).Order(), migrations.Select(m => m.Version));
    }
}
