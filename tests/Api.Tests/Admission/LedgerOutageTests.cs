using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Voting.Api.Tests.Infrastructure;
using Voting.Grains.Ledger;

namespace Voting.Api.Tests.Admission;

public sealed class LedgerOutageTests
{
    [Fact]
    public async Task Status_LedgerDown_Returns503()
    {
        var store = new FailingSignInStore(new InMemoryLedgerStore(TimeProvider.System));
        var fixture = new ApiFixture(new VotingApiFactory(new Dictionary<string, string>(),
            services => services.AddSingleton<IBallotLedgerStore>(store)));
        await fixture.InitializeAsync();
        try
        {
            var election = await TestElection.CreateAsync(fixture);
            var tokens = await election.ImportAsync("d1");
            store.Failing = true;

            // The 503 is the expected response here, so this client is not one that fails the run on a 5xx.
            using var client = fixture.Factory.CreateDefaultClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens["d1"]);
            var down = await client.GetAsync($"/api/elections/{election.Id}/me");
            store.Failing = false;
            var up = await client.GetAsync($"/api/elections/{election.Id}/me");

            await ProblemAssert.IsProblemAsync(down, HttpStatusCode.ServiceUnavailable, "unavailable");
            Assert.NotNull(down.Headers.RetryAfter);
            Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    /// <summary>An in-memory ledger whose sign-in read throws Npgsql's exception while <see cref="Failing"/> is set.</summary>
    private sealed class FailingSignInStore(InMemoryLedgerStore inner) : IBallotLedgerStore
    {
        public volatile bool Failing;

        public Task<IReadOnlyList<SignIn>> GetSignInsAsync(string electionId, string delegateId,
            CancellationToken cancellationToken) => Failing
            ? throw new NpgsqlException("Connection refused (simulated)")
            : inner.GetSignInsAsync(electionId, delegateId, cancellationToken);

        public Task<BatchCommit> CommitBatchAsync(IReadOnlyList<LedgerVote> votes, CancellationToken cancellationToken) =>
            inner.CommitBatchAsync(votes, cancellationToken);

        public Task OpenCategoryAsync(string electionId, string categoryId, IReadOnlyCollection<string> finalistIds,
            CancellationToken cancellationToken) => inner.OpenCategoryAsync(electionId, categoryId, finalistIds, cancellationToken);

        public Task<DateTimeOffset> CloseCategoryAsync(string electionId, string categoryId,
            CancellationToken cancellationToken) => inner.CloseCategoryAsync(electionId, categoryId, cancellationToken);

        public Task<IReadOnlyDictionary<string, LedgerWindow>> GetWindowsAsync(string electionId,
            CancellationToken cancellationToken) => inner.GetWindowsAsync(electionId, cancellationToken);

        public Task<LedgerCount> CountAsync(string electionId, string categoryId, CancellationToken cancellationToken) =>
            inner.CountAsync(electionId, categoryId, cancellationToken);

        public Task<IReadOnlyList<BallotBoxEntry>> ReadBallotBoxAsync(string electionId, string categoryId,
            CancellationToken cancellationToken) => inner.ReadBallotBoxAsync(electionId, categoryId, cancellationToken);

        public Task<string?> FindReceiptAsync(string electionId, string receipt, CancellationToken cancellationToken) =>
            inner.FindReceiptAsync(electionId, receipt, cancellationToken);
    }
}
