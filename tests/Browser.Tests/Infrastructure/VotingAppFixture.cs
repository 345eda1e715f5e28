using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Voting.Api.Credentials;

namespace Voting.Browser.Tests.Infrastructure;

/// <summary>
/// The real Api (with its in-process silo and in-memory ledger) on Kestrel at a free loopback
/// port, and one headless Chromium shared by the tests of the collection.
/// </summary>
public sealed class VotingAppFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"voting-browser-tests-{Guid.NewGuid():N}");
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException(SystemChromium.MissingMessage);

    public ElectionApi Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!SystemChromium.IsInstalled)
        {
            if (SystemChromium.IsContinuousIntegration)
            {
                throw new InvalidOperationException(SystemChromium.MissingMessage);
            }

            return;
        }

        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseEnvironment("Development");
            host.UseSetting("Voting:Auth:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
            host.UseSetting("Voting:DataDirectory", _dataDirectory);
            // Free ports, so the tests run beside a development Api or another test run.
            host.UseSetting("Voting:Cluster:SiloPort", FreeLoopbackPort().ToString());
            host.UseSetting("Voting:Cluster:GatewayPort", FreeLoopbackPort().ToString());
        });
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();

        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("Kestrel did not report the address it listens on.");
        BaseAddress = new Uri(addresses.Addresses.Single());
        var operatorToken = _factory.Services.GetRequiredService<CredentialService>().IssueOperatorToken("browser-tests");
        Api = new ElectionApi(new HttpClient { BaseAddress = BaseAddress }, operatorToken);

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = SystemChromium.ExecutablePath,
            Args = SystemChromium.Arguments,
            Headless = true,
        });
    }

    /// <summary>Opens a page in a fresh browser context (its own storage) at the given viewport size.</summary>
    public async Task<IPage> NewPageAsync(int width, int height)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "fr-FR",
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        page.PageError += (_, message) => PageErrors.Add(message);
        return page;
    }

    /// <summary>Uncaught script errors from every page, so tests can assert there were none.</summary>
    public List<string> PageErrors { get; } = [];

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Api?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<VotingAppFixture>
{
    public const string Name = "Browser";
}
