using Npgsql;

namespace Voting.Integration.Tests;

/// <summary>
/// Runs the stored Orleans queries the way the ADO.NET providers do (query text from
/// OrleansQuery, parameters by name), for the races a single test silo cannot produce.
/// </summary>
public sealed class OrleansQueryTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    [PostgresFact]
    public async Task WriteToStorage_TwoFirstWrites_OnlyOneInserts()
    {
        var grainKey = $"e-{Guid.NewGuid():N}/d1";

        var first = await WriteAsync(grainKey, etag: null, [1]);
        var second = await WriteAsync(grainKey, etag: null, [2]);

        Assert.Equal([1], first);
        Assert.Empty(second);
        Assert.Equal([2], await WriteAsync(grainKey, etag: 1, [3]));
        Assert.Empty(await WriteAsync(grainKey, etag: 1, [4]));
    }

    [PostgresFact]
    public async Task WriteToStorage_ConcurrentFirstWrites_OnlyOneInserts()
    {
        var grainKey = $"e-{Guid.NewGuid():N}/d1";
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writes = Enumerable.Range(0, 8).Select(async i =>
        {
            await start.Task;
            return await WriteAsync(grainKey, etag: null, [(byte)i]);
        }).ToList();

        start.SetResult();
        var versions = await Task.WhenAll(writes);

        Assert.Single(versions, v => v.Count == 1);
        Assert.Equal(7, versions.Count(v => v.Count == 0));
    }

    [PostgresFact]
    public async Task CleanupDefunctSiloEntries_DeletesOnlyOldDeadRows()
    {
        var cluster = $"c-{Guid.NewGuid():N}";
        var old = DateTime.UtcNow.AddDays(-2);
        await ExecuteAsync("INSERT INTO orleans_membership_version (deployment_id) VALUES (@cluster)", cluster);
        await InsertSiloAsync(cluster, port: 1, status: 6, old, suspectTimes: null);
        await InsertSiloAsync(cluster, port: 2, status: 3, old, suspectTimes: null);
        await InsertSiloAsync(cluster, port: 3, status: 2, old, suspectTimes: null);
        await InsertSiloAsync(cluster, port: 4, status: 6, DateTime.UtcNow, suspectTimes: null);

        await using var cleanup = fixture.DataSource.CreateCommand(await QueryTextAsync("CleanupDefunctSiloEntriesKey"));
        cleanup.Parameters.AddWithValue("DeploymentId", cluster);
        cleanup.Parameters.AddWithValue("IAmAliveTime", DateTime.UtcNow.AddDays(-1));
        await cleanup.ExecuteNonQueryAsync();

        Assert.Equal([2, 3, 4], await ReadPortsAsync(cluster));
    }

    [PostgresFact]
    public async Task CleanupDefunctSiloEntry_DeletesOnlyUnchangedRow()
    {
        var cluster = $"c-{Guid.NewGuid():N}";
        var alive = new DateTime(2025, 11, 14, 9, 0, 0, DateTimeKind.Utc);
        await ExecuteAsync("INSERT INTO orleans_membership_version (deployment_id) VALUES (@cluster)", cluster);
        await InsertSiloAsync(cluster, port: 1, status: 6, alive, suspectTimes: "S127.0.0.1:2:1,2025-11-14 09:00:00.000 GMT");
        await InsertSiloAsync(cluster, port: 2, status: 6, alive, suspectTimes: null);

        // Port 1 is deleted with its captured values; port 2 changed since it was read (a later heartbeat).
        await CleanupEntryAsync(cluster, port: 1, alive, "S127.0.0.1:2:1,2025-11-14 09:00:00.000 GMT");
        await CleanupEntryAsync(cluster, port: 2, alive.AddSeconds(-5), null);

        Assert.Equal([2], await ReadPortsAsync(cluster));
    }

    private async Task<List<int>> WriteAsync(string grainKey, int? etag, byte[] payload)
    {
        await using var command = fixture.DataSource.CreateCommand(await QueryTextAsync("WriteToStorageKey"));
        command.Parameters.AddWithValue("GrainIdHash", 0);
        command.Parameters.AddWithValue("GrainIdN0", 0L);
        command.Parameters.AddWithValue("GrainIdN1", 0L);
        command.Parameters.AddWithValue("GrainTypeHash", 0);
        command.Parameters.AddWithValue("GrainTypeString", "delegate");
        command.Parameters.AddWithValue("GrainIdExtensionString", grainKey);
        command.Parameters.AddWithValue("ServiceId", "voting-tests");
        command.Parameters.Add(new NpgsqlParameter<int?>("GrainStateVersion", etag));
        command.Parameters.AddWithValue("PayloadBinary", payload);
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new List<int>();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt32(reader.GetOrdinal("NewGrainStateVersion")));
        }

        return versions;
    }

    private async Task CleanupEntryAsync(string cluster, int port, DateTime iAmAliveTime, string? suspectTimes)
    {
        await using var command = fixture.DataSource.CreateCommand(await QueryTextAsync("CleanupDefunctSiloEntryKey"));
        command.Parameters.AddWithValue("DeploymentId", cluster);
        command.Parameters.AddWithValue("Address", "127.0.0.1");
        command.Parameters.AddWithValue("Port", port);
        command.Parameters.AddWithValue("Generation", 1);
        command.Parameters.AddWithValue("IAmAliveTime", iAmAliveTime);
        command.Parameters.AddWithValue("StartTime", iAmAliveTime);
        command.Parameters.Add(new NpgsqlParameter<string?>("SuspectTimes", suspectTimes));
        await command.ExecuteNonQueryAsync();
    }

    private async Task InsertSiloAsync(string cluster, int port, int status, DateTime time, string? suspectTimes)
    {
        await using var command = fixture.DataSource.CreateCommand("""
            INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name, status,
                                            proxy_port, suspect_times, start_time, i_am_alive_time)
            VALUES (@cluster, '127.0.0.1', @port, 1, 'silo', 'host', @status, 0, @suspect_times, @time, @time)
            """);
        command.Parameters.AddWithValue("cluster", cluster);
        command.Parameters.AddWithValue("port", port);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.Add(new NpgsqlParameter<string?>("suspect_times", suspectTimes));
        command.Parameters.AddWithValue("time", time);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<List<int>> ReadPortsAsync(string cluster)
    {
        await using var command = fixture.DataSource.CreateCommand(
            "SELECT port FROM orleans_membership WHERE deployment_id = @cluster ORDER BY port");
        command.Parameters.AddWithValue("cluster", cluster);
        await using var reader = await command.ExecuteReaderAsync();
        var ports = new List<int>();
        while (await reader.ReadAsync())
        {
            ports.Add(reader.GetInt32(0));
        }

        return ports;
    }

    private async Task ExecuteAsync(string sql, string cluster)
    {
        await using var command = fixture.DataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("cluster", cluster);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<string> QueryTextAsync(string key)
    {
        await using var command = fixture.DataSource.CreateCommand("SELECT QueryText FROM OrleansQuery WHERE QueryKey = @key");
        command.Parameters.AddWithValue("key", key);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
