using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace Voting.Chaos.Tests;

/// <summary>
/// Silo and Api processes on loopback ports, clustered through one PostgreSQL database. Every
/// process it starts is killed in <see cref="DisposeAsync"/>, whatever state the test left it in.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly List<VotingProcess> _processes = [];
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    private readonly string _clusterId = $"chaos-{Guid.NewGuid():N}"[..14];
    private int _siloCount;
    private int _apiCount;

    public LocalCluster(string connectionString, string logDirectory)
    {
        ConnectionString = connectionString;
        LogDirectory = logDirectory;

        // Also when the test host exits without disposing the fixtures, for example after a timeout.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    /// <summary>The cluster's database; every process uses its own pool on it.</summary>
    public string ConnectionString { get; }

    public string LogDirectory { get; }

    public List<VotingProcess> Silos { get; } = [];

    public List<Uri> ApiUrls { get; } = [];

    public IEnumerable<VotingProcess> RunningSilos => Silos.Where(s => !s.HasExited);

    /// <summary>Starts a silo and waits until it has joined the cluster.</summary>
    public async Task<VotingProcess> AddSiloAsync()
    {
        var index = ++_siloCount;
        var environment = CommonEnvironment(poolSize: 20);
        environment["DOTNET_ENVIRONMENT"] = "Production";
        environment["Voting__Cluster__SiloPort"] = FreePort().ToString();
        environment["Voting__Cluster__GatewayPort"] = FreePort().ToString();

        // Probes, metrics and dashboard on a port the operating system picks.
        environment["Voting__Silo__HttpPort"] = "0";
        var silo = Start($"silo-{index}", ChaosEnvironment.SiloAssembly, environment, "joined cluster");
        Silos.Add(silo);
        await silo.WaitForMarkerAsync(StartTimeout);
        return silo;
    }

    /// <summary>Starts an Api process in client mode and waits until /health/ready returns 200.</summary>
    public async Task<Uri> AddApiAsync()
    {
        var index = ++_apiCount;
        var url = new Uri($"http://127.0.0.1:{FreePort()}/");
        var environment = CommonEnvironment(poolSize: 5);
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/');
        environment["Voting__Cluster__Mode"] = "Client";
        environment["Voting__Auth__SigningKey"] = _signingKey;
        environment["Voting__PublicBaseUrl"] = (ApiUrls.FirstOrDefault() ?? url).ToString().TrimEnd('/');
        var api = Start($"api-{index}", ChaosEnvironment.ApiAssembly, environment, "Application started");
        await api.WaitForMarkerAsync(StartTimeout);
        await WaitForReadyAsync(api, url);
        ApiUrls.Add(url);
        return url;
    }

    /// <summary>Prints an operator credential with the Api's operator-token command and this cluster's key.</summary>
    public async Task<string> IssueOperatorTokenAsync()
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            ArgumentList = { ChaosEnvironment.ApiAssembly, "operator-token" },
            WorkingDirectory = Path.GetDirectoryName(ChaosEnvironment.ApiAssembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Voting__Auth__SigningKey"] = _signingKey },
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return process.ExitCode == 0
            ? output.Trim()
            : throw new InvalidOperationException($"operator-token exited with code {process.ExitCode}: {error}");
    }

    private Dictionary<string, string> CommonEnvironment(int poolSize) => new()
    {
        ["Voting__Storage"] = "Postgres",
        ["ConnectionStrings__Voting"] =
            new NpgsqlConnectionStringBuilder(ConnectionString) { MaxPoolSize = poolSize }.ConnectionString,
        ["Voting__Cluster__ClusterId"] = _clusterId,
        ["Voting__Cluster__ServiceId"] = _clusterId,
        ["Voting__Cluster__AdvertisedAddress"] = "127.0.0.1",
        ["Voting__Shutdown__Timeout"] = "00:00:30",
        ["Logging__Console__FormatterName"] = "simple",
        ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
    };

    private VotingProcess Start(string name, string assembly, Dictionary<string, string> environment, string marker)
    {
        var process = VotingProcess.Start(name, assembly, environment, LogDirectory, marker);
        lock (_processes)
        {
            _processes.Add(process);
        }

        return process;
    }

    private static async Task WaitForReadyAsync(VotingProcess api, Uri url)
    {
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline && !api.HasExited)
        {
            try
            {
                using var response = await http.GetAsync("health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet; try again below.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{api.Name} was not ready within {StartTimeout}; see {api.LogPath}.");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public ValueTask DisposeAsync()
    {
        KillAll();
        return ValueTask.CompletedTask;
    }

    private void KillAll()
    {
        lock (_processes)
        {
            foreach (var process in _processes)
            {
                process.Dispose();
            }

            _processes.Clear();
        }
    }
}
