using Npgsql;

namespace Voting.Chaos.Tests;

/// <summary>
/// A cluster of two silos and one Api on a database created for this test class on the
/// VOTING_TEST_POSTGRES server, and dropped afterwards.
/// </summary>
public sealed class SharedServerCluster : IAsyncLifetime
{
    private string? _serverConnectionString;
    private string? _databaseName;

    public LocalCluster Cluster { get; private set; } = null!;

    public string OperatorToken { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (ChaosEnvironment.ServerConnectionString is null && !ChaosEnvironment.IsCi)
        {
            return;
        }

        _serverConnectionString = ChaosEnvironment.RequireServerConnectionString();
        _databaseName = $"voting_chaos_{Guid.NewGuid():N}";
        await using (var admin = NpgsqlDataSource.Create(_serverConnectionString))
        {
            await using var create = admin.CreateCommand($"CREATE DATABASE {_databaseName}");
            await create.ExecuteNonQueryAsync();
        }

        var database = new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = _databaseName };
        var logs = Directory.CreateTempSubdirectory("voting-chaos-").FullName;
        Cluster = new LocalCluster(database.ConnectionString, logs);
        try
        {
            await StartAsync(Cluster);
            OperatorToken = await Cluster.IssueOperatorTokenAsync();
        }
        catch
        {
            // Kill what started, because a fixture that failed to initialize may not be disposed.
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the first silo alone, because it applies the migrations, then a second one and an Api.</summary>
    public static async Task StartAsync(LocalCluster cluster)
    {
        await cluster.AddSiloAsync();
        await cluster.AddSiloAsync();
        await cluster.AddApiAsync();
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        if (_serverConnectionString is not null && _databaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = NpgsqlDataSource.Create(_serverConnectionString);
            await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)");
            await drop.ExecuteNonQueryAsync();
        }
    }
}
