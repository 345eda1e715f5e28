using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Voting.Api.Tests.Infrastructure;

/// <summary>
/// Hosts the real Api, with its in-process silo and in-memory ledger, on Kestrel at a free loopback
/// port. Each instance gets its own signing key, silo and gateway ports, cluster id and data
/// directory, so several factories can run in one test process.
/// </summary>
public sealed class VotingApiFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="settings">Configuration that overrides the defaults below, for example tiny admission limits.</param>
    /// <param name="services">Service replacements, applied after the Api's own registrations.</param>
    public VotingApiFactory(IReadOnlyDictionary<string, string>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        _settings = settings ?? new Dictionary<string, string>();
        _services = services;
        SigningKey = RandomNumberGenerator.GetBytes(48);
        DataDirectory = Directory.CreateTempSubdirectory("voting-api-tests-").FullName;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>The HMAC key every credential of this host is signed with.</summary>
    public byte[] SigningKey { get; }

    public string DataDirectory { get; }

    public LogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Voting:Auth:SigningKey", Convert.ToBase64String(SigningKey));
        builder.UseSetting("Voting:Cluster:SiloPort", FreePorts.Next().ToString());
        builder.UseSetting("Voting:Cluster:GatewayPort", FreePorts.Next().ToString());
        builder.UseSetting("Voting:Cluster:ClusterId", $"api-tests-{Guid.NewGuid():N}");
        builder.UseSetting("Voting:SampleBallot", "");
        builder.UseSetting("Voting:DataDirectory", DataDirectory);

        // Tests that fire 100 parallel votes from one delegate check the grains, not the rate limit.
        builder.UseSetting("Voting:Admission:DelegateTokenLimit", "100000");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }

        builder.ConfigureLogging(logging =>
        {
            // Only the capture: the console would slow the suite down and bury test output.
            logging.ClearProviders();
            logging.AddProvider(Logs);
            logging.AddFilter<LogCapture>(null, LogLevel.Information);
            logging.AddFilter<LogCapture>("Voting", LogLevel.Trace);
            logging.AddFilter<LogCapture>("Microsoft.AspNetCore", LogLevel.Information);
            logging.AddFilter<LogCapture>("Orleans", LogLevel.Warning);
            logging.AddFilter<LogCapture>("Polly", LogLevel.Warning);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
