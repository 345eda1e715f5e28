using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Voting.Api.Credentials;

namespace Voting.Api.Tests.Infrastructure;

/// <summary>
/// One hosted Api shared by every test of the <see cref="ApiCollection"/>. Tests stay independent
/// by using their own election ids. On disposal it fails the run if any client saw a 5xx or if a
/// log line carried a credential.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private readonly List<string> _issuedTokens = [];

    public ApiFixture()
        : this(new VotingApiFactory())
    {
    }

    /// <summary>Hosts a factory with its own settings, for tests that need other limits than the shared Api.</summary>
    internal ApiFixture(VotingApiFactory factory)
    {
        Factory = factory;
    }

    public VotingApiFactory Factory { get; }

    public ServerErrorRecorder ServerErrors { get; } = new();

    public LogCapture Logs => Factory.Logs;

    public string OperatorToken { get; private set; } = "";

    public Task InitializeAsync()
    {
        Factory.StartServer();
        OperatorToken = Factory.Services.GetRequiredService<CredentialService>().IssueOperatorToken("api-tests");
        RememberToken(OperatorToken);
        return Task.CompletedTask;
    }

    /// <summary>Creates a client of the hosted Api, optionally sending a bearer token on every request.</summary>
    public HttpClient CreateClient(string? bearerToken = null)
    {
        var client = Factory.CreateDefaultClient(ServerErrors.CreateHandler());
        client.Timeout = TimeSpan.FromSeconds(30);
        if (bearerToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }

        return client;
    }

    public HttpClient CreateOperatorClient() => CreateClient(OperatorToken);

    /// <summary>Records a token so that the final log check can look for it.</summary>
    public void RememberToken(string token)
    {
        lock (_issuedTokens)
        {
            _issuedTokens.Add(token);
        }
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        var problems = new List<string>();
        problems.AddRange(ServerErrors.All.Select(e => $"5xx response: {e}"));
        string[] tokens;
        lock (_issuedTokens)
        {
            tokens = [.. _issuedTokens];
        }

        // A JWT's signature part alone identifies it; checking it also catches a token cut short in a log.
        var signatures = tokens.Select(t => t[(t.LastIndexOf('.') + 1)..]).ToHashSet();
        problems.AddRange(Logs.Lines.Where(line => signatures.Any(line.Contains)).Select(l => $"token in log: {l}"));
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                $"The suite-wide checks failed:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "Api";
}
