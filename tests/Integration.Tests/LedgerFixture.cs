using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Voting.Grains.Ledger;
using Voting.Grains.Ledger.Postgres;

namespace Voting.Integration.Tests;

/// <summary>
/// One migrated database shared by the ledger tests of a class. Tests keep apart by using
/// their own election ids.
/// </summary>
public sealed class LedgerFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private NpgsqlDataSource? _dataSource;

    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException(
        $"{TestPostgres.EnvironmentVariable} is not set, so the ledger database was not created.");

    public TestDatabase Database => _database ?? throw new InvalidOperationException(
        $"{TestPostgres.EnvironmentVariable} is not set, so the ledger database was not created.");

    public async Task InitializeAsync()
    {
        if (TestPostgres.ConnectionString is null)
        {
            return;
        }

        _database = await TestPostgres.CreateDatabaseAsync(migrate: true);
        _dataSource = _database.CreateDataSource();
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>Creates a store with its own data source (its own connection pool), like another silo's.</summary>
    public PostgresLedgerStore CreateIsolatedStore(out NpgsqlDataSource dataSource)
    {
        dataSource = Database.CreateDataSource();
        return new PostgresLedgerStore(dataSource, NullLogger<PostgresLedgerStore>.Instance);
    }

    public PostgresLedgerStore CreateStore() =>
        new(DataSource, NullLogger<PostgresLedgerStore>.Instance);

    public static string NewElectionId() => $"e-{Guid.NewGuid():N}";

    public static LedgerVote Vote(string electionId, string categoryId, string delegateId, string finalistId,
        string? keyHash = null) =>
        new(electionId, categoryId, delegateId, finalistId, keyHash ?? Guid.NewGuid().ToString("N"),
            Guid.NewGuid().ToString("N"));
}
