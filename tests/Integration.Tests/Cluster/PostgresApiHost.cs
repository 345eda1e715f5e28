using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Voting.Api.Credentials;

namespace Voting.Integration.Tests.Cluster;

/// <summary>
/// The settings every host of one simulated cluster shares: the database, the Orleans cluster and service
/// ids, and the key that signs credentials, so tokens issued before a restart stay valid after it.
/// </summary>
public sealed record ClusterIdentity(string ConnectionString, string ClusterId, byte[] SigningKey)
{
    public static ClusterIdentity Create(TestDatabase database) =>
        new(database.ConnectionString, $"it-{Guid.NewGuid():N}", RandomNumberGenerator.GetBytes(48));
}

/// <summary>
/// The real Api with its in-process silo on PostgreSQL (<c>Voting:Storage=Postgres</c>), served by
/// Kestrel on a free loopback port. Each host gets its own silo and gateway ports, so two hosts of
/// one <see cref="ClusterIdentity"/> form a two-silo cluster through the membership table.
/// </summary>
public sealed class PostgresApiHost : WebApplicationFactory<Program>
{
    private readonly ClusterIdentity _identity;
    private readonly int _siloPort = LoopbackPorts.Next();
    private readonly int _gatewayPort = LoopbackPorts.Next();

    private PostgresApiHost(ClusterIdentity identity)
    {
        _identity = identity;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>Warnings and errors the host logged, kept for the test output.</summary>
    public WarningLog Warnings { get; } = new();

    public string Name => $"silo 127.0.0.1:{_siloPort}";

    /// <summary>Starts a host and returns once its silo is active in the cluster. Disposes the host when start fails.</summary>
    public static async Task<PostgresApiHost> StartAsync(ClusterIdentity identity)
    {
        var host = new PostgresApiHost(identity);
        try
        {
            // StartServer blocks until the silo has joined, so keep it off the test's thread.
            await Task.Run(host.StartServer);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public string IssueOperatorToken() =>
        Services.GetRequiredService<CredentialService>().IssueOperatorToken("integration-tests");

    /// <summary>Creates an HTTP client of this host, sending <paramref name="bearerToken"/> when given.</summary>
    public HttpClient CreateClient(string? bearerToken)
    {
        var client = CreateDefaultClient();
        client.Timeout = TimeSpan.FromSeconds(30);
        if (bearerToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }

        return client;
    }

    /// <summary>Returns the number of active silos in this silo's own view of the membership.</summary>
    public int CountActiveSilos() => Services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot
        .Members.Values.Count(member => member.Status == SiloStatus.Active);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Voting:Storage", "Postgres");
        builder.UseSetting("ConnectionStrings:Voting", _identity.ConnectionString);
        builder.UseSetting("Voting:Cluster:Mode", "InProcess");
        builder.UseSetting("Voting:Cluster:ClusterId", _identity.ClusterId);
        builder.UseSetting("Voting:Cluster:ServiceId", _identity.ClusterId);
        builder.UseSetting("Voting:Cluster:AdvertisedAddress", IPAddress.Loopback.ToString());
        builder.UseSetting("Voting:Cluster:SiloPort", _siloPort.ToString());
        builder.UseSetting("Voting:Cluster:GatewayPort", _gatewayPort.ToString());
        builder.UseSetting("Voting:Auth:SigningKey", Convert.ToBase64String(_identity.SigningKey));
        builder.UseSetting("Voting:SampleBallot", "");
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(Warnings);
            logging.AddFilter<WarningLog>(null, LogLevel.Warning);
        });
    }
}

/// <summary>A logger provider that keeps every formatted line it receives, with its exception.</summary>
public sealed class WarningLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}[{eventId.Id}]: {formatter(state, exception)} {exception}");
    }
}
