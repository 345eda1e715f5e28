using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Voting.Api.Credentials;

namespace Voting.LoadTests.Tests;

/// <summary>
/// Runs a short ceremony peak against the real API hosted in memory with its in-process silo. Asserts
/// correctness only: timing on a shared test machine proves nothing.
/// </summary>
public sealed class ApiHarnessTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "loadtests-api-" + Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<global::Program> _factory = null!;

    public Task InitializeAsync()
    {
        // Free ports, so the test's silo does not collide with a development API or another test run.
        var siloPort = FreeTcpPort();
        var gatewayPort = FreeTcpPort();
        _factory = new WebApplicationFactory<global::Program>().WithWebHostBuilder(host =>
        {
            host.UseEnvironment("Development");
            host.UseSetting("Voting:Auth:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
            host.UseSetting("Voting:DataDirectory", _dataDirectory);
            host.UseSetting("Voting:Cluster:SiloPort", siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            host.UseSetting("Voting:Cluster:GatewayPort", gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task CeremonyPeak_PassesCorrectnessAgainstApi()
    {
        var handler = _factory.Server.CreateHandler();
        var operatorToken = _factory.Services.GetRequiredService<CredentialService>().IssueOperatorToken();
        var reportDirectory = Path.Combine(_dataDirectory, "report");
        var settings = new HarnessSettings
        {
            Scenario = ScenarioKind.CeremonyPeak,
            BaseUrl = new Uri("http://localhost"),
            OperatorToken = operatorToken,
            Delegates = 200,
            Window = TimeSpan.FromMilliseconds(500),
            Warmup = TimeSpan.FromMilliseconds(500),
            WarmupRate = 60,
            DoubleTapShare = 0.05,
            SecondVoteShare = 0.05,
            InvalidCredentialShare = 0.05,
            RequestTimeout = TimeSpan.FromSeconds(30),
            MaxDuration = TimeSpan.FromMinutes(2),
            ReportDirectory = reportDirectory,
            Quiet = true,
        };

        var result = await new Harness(settings, TextWriter.Null, handler).RunAsync(CancellationToken.None);

        var report = result.Report!;
        Assert.True(report.Correctness.Passed, Reports.TextReportWriter.Write(report));
        Assert.NotEqual(ExitCodes.CorrectnessFailed, result.ExitCode);
        var peak = Assert.Single(report.Phases);
        Assert.Equal(600, peak.AcknowledgedVotes);
        Assert.Equal(200, peak.Step("delegate")!.Counts["all-acknowledged"]);
        Assert.All(peak.Step("second-vote")!.Counts.Keys, label => Assert.Equal("409 already-voted", label));
        Assert.All(peak.Step("invalid-credential")!.Counts.Keys, label => Assert.StartsWith("401", label, StringComparison.Ordinal));
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
