using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Voting.Api.Tests.Infrastructure;
using Voting.Grains.Ledger;

namespace Voting.Api.Tests.Admission;

/// <summary>
/// Admission control, each test on its own Api with tiny limits, so the shared Api's tests never
/// meet a limit.
/// </summary>
public sealed class AdmissionTests
{
    private static readonly TimeSpan VoteTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DelegateBurst_Gets429_OthersStillVote()
    {
        await using var api = await StartAsync(new Dictionary<string, string>
        {
            ["Voting:Admission:DelegateTokenLimit"] = "3",
            ["Voting:Admission:DelegateTokensPerPeriod"] = "1",
            ["Voting:Admission:DelegateReplenishmentPeriod"] = "00:10:00",
        });
        var election = await TestElection.CreateAsync(api.Fixture);
        var tokens = await election.ImportAsync("runaway", "neighbour");
        await election.PhaseAsync("open");
        var runaway = election.Delegate(tokens["runaway"]);

        var burst = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
        {
            burst.Add(await election.VoteAsync(runaway, "cat-a", "fin-a1", $"burst-{i}"));
        }

        var neighbour = await election.VoteAsync(tokens["neighbour"], "cat-a", "fin-a2");

        Assert.Equal(HttpStatusCode.Created, burst[0].StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, burst[1].StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, burst[2].StatusCode);
        foreach (var limited in burst.Skip(3))
        {
            await ProblemAssert.IsProblemAsync(limited, HttpStatusCode.TooManyRequests, "too-many-requests");
            Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {limited.Headers.RetryAfter}");
        }

        Assert.Equal(HttpStatusCode.Created, neighbour.StatusCode);
    }

    [Fact]
    public async Task ForgedToken_DoesNotDrainVictimBucket()
    {
        await using var api = await StartAsync(new Dictionary<string, string>
        {
            ["Voting:Admission:DelegateTokenLimit"] = "2",
            ["Voting:Admission:DelegateTokensPerPeriod"] = "1",
            ["Voting:Admission:DelegateReplenishmentPeriod"] = "00:10:00",
        });
        var election = await TestElection.CreateAsync(api.Fixture);
        var victimToken = await election.ImportOneAsync("victim");
        await election.PhaseAsync("open");
        var forger = api.Fixture.CreateClient(TestTokens.WithWrongKey(victimToken));

        var forged = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            forged.Add(await election.VoteAsync(forger, "cat-a", "fin-a1", $"forged-{i}"));
        }

        var victim = await election.VoteAsync(victimToken, "cat-a", "fin-a3");

        foreach (var response in forged)
        {
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "invalid-credential");
        }

        Assert.Equal(HttpStatusCode.Created, victim.StatusCode);
    }

    [Fact]
    public async Task ConcurrencyLimit_Saturated_Returns503WithRetryAfter()
    {
        GatedLedgerStore? gated = null;
        await using var api = await StartAsync(
            new Dictionary<string, string>
            {
                ["Voting:Admission:ConcurrencyLimit"] = "1",
                ["Voting:Admission:QueueLimit"] = "0",
            },
            services => services.AddSingleton<IBallotLedgerStore>(provider =>
                gated = new GatedLedgerStore(new InMemoryLedgerStore(TimeProvider.System))));
        var election = await TestElection.CreateAsync(api.Fixture);
        var tokens = await election.ImportAsync("first", "second");
        await election.PhaseAsync("open");

        var first = election.VoteAsync(tokens["first"], "cat-a", "fin-a1");
        await gated!.CommitWaiting.Task.WaitAsync(VoteTimeout);

        // The 503 is the expected response here, so this client is not one that fails the run on a 5xx.
        using var unrecorded = api.Fixture.Factory.CreateDefaultClient();
        unrecorded.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens["second"]);
        var second = await election.VoteAsync(unrecorded, "cat-a", "fin-a2", "second-1");
        gated.Open();
        var firstResponse = await first.WaitAsync(VoteTimeout);

        var problem = await ProblemAssert.IsProblemAsync(second, HttpStatusCode.ServiceUnavailable, "overloaded");
        Assert.Contains("concurrency limit", problem.GetProperty("detail").GetString());
        Assert.Equal(TimeSpan.FromSeconds(1), second.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.Created, firstResponse.StatusCode);
    }

    private static async Task<HostedApi> StartAsync(IReadOnlyDictionary<string, string> settings,
        Action<IServiceCollection>? services = null)
    {
        var fixture = new ApiFixture(new VotingApiFactory(settings, services));
        await fixture.InitializeAsync();
        return new HostedApi(fixture);
    }

    private sealed class HostedApi(ApiFixture fixture) : IAsyncDisposable
    {
        public ApiFixture Fixture { get; } = fixture;

        public async ValueTask DisposeAsync() => await Fixture.DisposeAsync();
    }
}
