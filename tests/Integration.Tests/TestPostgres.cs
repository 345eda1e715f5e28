using Npgsql;
using Voting.Silo.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace Voting.Integration.Tests;

/// <summary>The PostgreSQL server of the integration tests and the throwaway databases on it.</summary>
public static class TestPostgres
{
    public const string EnvironmentVariable = "VOTING_TEST_POSTGRES";

    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value ? value : null;

    public static bool IsCi => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    public static string RequireConnectionString() =>
        ConnectionString ?? throw new InvalidOperationException(
            $"{EnvironmentVariable} is not set. Set it to the connection string printed by 'scripts/pg.sh start'; " +
            "CI must run the PostgreSQL tests, not skip them.");

    /// <summary>Creates an empty database, optionally migrated, that is dropped on dispose.</summary>
    public static async Task<TestDatabase> CreateDatabaseAsync(bool migrate)
    {
        var server = RequireConnectionString();
        var name = $"voting_test_{Guid.NewGuid():N}";
        await using (var admin = NpgsqlDataSource.Create(server))
        {
            await using var create = admin.CreateCommand($"CREATE DATABASE {name}");
            await create.ExecuteNonQueryAsync();
        }

        var database = new TestDatabase(server, name);
        if (migrate)
        {
            await using var dataSource = database.CreateDataSource();
            await new DatabaseMigrator(dataSource, NullLogger.Instance).MigrateAsync(CancellationToken.None);
        }

        return database;
    }
}

/// <summary>A database created for one test or one test class.</summary>
public sealed class TestDatabase(string serverConnectionString, string name) : IAsyncDisposable
{
    public string Name { get; } = name;

    public string ConnectionString { get; } =
        new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;

    public NpgsqlDataSource CreateDataSource() => NpgsqlDataSource.Create(ConnectionString);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = NpgsqlDataSource.Create(serverConnectionString);
        await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        await drop.ExecuteNonQueryAsync();
    }
}
