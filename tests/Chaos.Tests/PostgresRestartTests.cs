using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit.Abstractions;

namespace Voting.Chaos.Tests;

/// <summary>
/// A PostgreSQL server of this test class's own, started with scripts/pg.sh on a free port and a
/// fresh directory, so that restarting it affects no other server.
/// </summary>
public sealed class OwnPostgresCluster : IAsyncLifetime
{
    private readonly string _directory = Path.Combine("/var/tmp", $"voting-chaos-pg-{Guid.NewGuid():N}"[..28]);
    private readonly int _port = FreePort();
    private bool _started;

    public LocalCluster Cluster { get; private set; } = null!;

    public string OperatorToken { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (ChaosEnvironment.ServerConnectionString is null && !ChaosEnvironment.IsCi)
        {
            return;
        }

        _ = ChaosEnvironment.RequireServerConnectionString();
        var connectionString = await RunPgScriptAsync("start");
        _started = true;
        var logs = Directory.CreateTempSubdirectory("voting-chaos-").FullName;
        Cluster = new LocalCluster(connectionString, logs);
        try
        {
            await SharedServerCluster.StartAsync(Cluster);
            OperatorToken = await Cluster.IssueOperatorTokenAsync();
        }
        catch
        {
            // Kill what started, because a fixture that failed to initialize may not be disposed.
            await DisposeAsync();
            throw;
        }
    }

    public Task StopServerAsync() => RunPgScriptAsync("stop");

    public Task StartServerAsync() => RunPgScriptAsync("start");

    /// <summary>Runs scripts/pg.sh with this class's port and directory; returns its standard output.</summary>
    private async Task<string> RunPgScriptAsync(string command)
    {
        var start = new ProcessStartInfo(Path.Combine(ChaosEnvironment.RepositoryRoot, "scripts", "pg.sh"))
        {
            ArgumentList = { command },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["PG_PORT"] = _port.ToString(), ["PG_DIR"] = _directory, ["PG_MAX_POOL_SIZE"] = "20" },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        return process.ExitCode == 0
            ? (await output).Trim()
            : throw new InvalidOperationException($"scripts/pg.sh {command} exited with code {process.ExitCode}: {await error}");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        if (_started)
        {
            await RunPgScriptAsync("stop");
            Directory.Delete(_directory, recursive: true);
        }
    }
}

/// <summary>Restarting PostgreSQL for a few seconds while delegates vote.</summary>
public sealed class PostgresRestartTests(OwnPostgresCluster fixture, ITestOutputHelper output)
    : IClassFixture<OwnPostgresCluster>
{
    private static readonly TimeSpan Downtime = TimeSpan.FromSeconds(4);

    [ChaosFact]
    public async Task PostgresRestart_WhileVoting_CountsEveryVoteOnce()
    {
        await ChaosScenario.RunAsync(fixture.Cluster, fixture.OperatorToken, async () =>
        {
            await fixture.StopServerAsync();
            await Task.Delay(Downtime);
            await fixture.StartServerAsync();
            output.WriteLine($"PostgreSQL was down for at least {Downtime.TotalSeconds:F0}s");
        }, output);
    }
}
