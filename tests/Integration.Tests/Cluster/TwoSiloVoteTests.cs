using System.Net;
using Npgsql;
using Xunit.Abstractions;

namespace Voting.Integration.Tests.Cluster;

/// <summary>
/// Two Api hosts, each with its own silo, joined into one cluster through the PostgreSQL
/// membership table, as two production processes would be. Each delegate's votes arrive through
/// both at once, and the ledger must count one ballot per delegate.
/// </summary>
public sealed class TwoSiloVoteTests(ClusterDatabaseFixture fixture, ITestOutputHelper output)
    : ClusterTest(output), IClassFixture<ClusterDatabaseFixture>
{
    private const string CategoryId = "cat-a";
    private const string SharedKeyFinalist = "fin-1";
    private const int Delegates = 4;

    // Requests per delegate, alternating between the two hosts. Every third one reuses the delegate's shared key.
    private const int RequestsPerDelegate = 24;

    private static readonly string[] Finalists = ["fin-1", "fin-2", "fin-3"];
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(30);

    // Delegates available to vote while the second silo joins, and how many of them vote once it has joined.
    private const int JoinDelegates = 400;
    private const int DelegatesAfterJoin = 30;

    [PostgresFact]
    public async Task SameDelegate_ThroughTwoSilos_CountsOneBallot()
    {
        var identity = ClusterIdentity.Create(fixture.Database);

        // Both silos start together on an unmigrated database, so both try to apply the migrations at start.
        Task<PostgresApiHost>[] starts = [StartHostAsync(identity), StartHostAsync(identity)];
        try
        {
            var hosts = await Task.WhenAll(starts);
            await WaitForActiveSilosAsync(hosts, 2);
            Assert.Equal(2L, await CountActiveMembershipRowsAsync());
            await VoteThroughBothHostsAsync(hosts[0], hosts[1]);
        }
        finally
        {
            var started = starts.Where(s => s.IsCompletedSuccessfully).Select(s => s.Result.DisposeAsync().AsTask());
            await Task.WhenAll(started);
        }
    }

    // A membership change moves grain directory entries between silos. Then one delegate grain may
    // briefly have two activations, and only the ledger's unique key stops a second ballot.
    [PostgresFact]
    public async Task SameDelegate_WhileSiloJoins_CountsOneBallot()
    {
        var identity = ClusterIdentity.Create(fixture.Database);
        await using var first = await StartHostAsync(identity);
        var electionId = ElectionApi.NewElectionId();
        using var viaFirst = new ElectionApi(first, electionId, first.IssueOperatorToken());
        await viaFirst.DefineBallotAsync(new Dictionary<string, string[]> { [CategoryId] = Finalists });
        var delegateIds = Enumerable.Range(0, JoinDelegates).Select(i => $"j-{i:D3}").ToList();
        var tokens = await viaFirst.ImportDelegatesAsync(delegateIds);
        await viaFirst.ChangePhaseAsync("open", CategoryId);

        var secondStart = StartHostAsync(identity);
        ElectionApi? viaSecond = null;
        try
        {
            var results = new List<(string DelegateId, VoteResult Result)>();
            var afterJoin = 0;
            using var deadline = new CancellationTokenSource(JoinTimeout);
            foreach (var delegateId in delegateIds)
            {
                if (viaSecond is null && secondStart.IsCompletedSuccessfully)
                {
                    viaSecond = new ElectionApi(secondStart.Result, electionId, "");
                }

                // Each delegate votes for the first time, twice through every host that serves requests.
                ElectionApi[] apis = viaSecond is null ? [viaFirst] : [viaFirst, viaSecond];
                var votes = apis.SelectMany((api, a) => Enumerable.Range(0, 2).Select(async i =>
                {
                    var key = $"{delegateId}-{a}-{i}";
                    return (delegateId, await api.VoteAsync(tokens[delegateId], CategoryId, Finalists[i], key));
                }));
                results.AddRange(await Task.WhenAll(votes));
                afterJoin += viaSecond is null ? 0 : 1;
                if (afterJoin >= DelegatesAfterJoin || deadline.IsCancellationRequested)
                {
                    break;
                }
            }

            Assert.True(afterJoin > 0, $"The second silo did not start while {delegateIds.Count} delegates voted.");
            var voters = results.Select(r => r.DelegateId).Distinct().ToList();
            Output.WriteLine($"{voters.Count} delegates voted, {afterJoin} of them after the second silo started.");
            foreach (var delegateId in voters)
            {
                AssertOneBallotAccepted(delegateId,
                    results.Where(r => r.DelegateId == delegateId).Select(r => (false, r.Result)).ToList());
            }

            Assert.Equal(voters.Count, await CountLedgerRowsAsync("ledger_sign_in", electionId));
            Assert.Equal(voters.Count, await CountLedgerRowsAsync("ledger_ballot", electionId));
            Assert.Equal(1L, await MaxSignInsPerDelegateAsync(electionId));
            var audit = ElectionApi.Category(await viaFirst.AuditAsync(), CategoryId);
            Assert.True(audit.GetProperty("matches").GetBoolean(), $"Audit does not match: {audit}");
            Assert.Equal(voters.Count, audit.GetProperty("counterBallots").GetInt64());
        }
        finally
        {
            viaSecond?.Dispose();
            try
            {
                await (await secondStart).DisposeAsync();
            }
            catch (Exception exception) when (!secondStart.IsCompletedSuccessfully)
            {
                Output.WriteLine($"The second host failed to start: {exception}");
            }
        }
    }

    private async Task VoteThroughBothHostsAsync(PostgresApiHost first, PostgresApiHost second)
    {
        var electionId = ElectionApi.NewElectionId();
        var operatorToken = first.IssueOperatorToken();
        using var viaFirst = new ElectionApi(first, electionId, operatorToken);
        using var viaSecond = new ElectionApi(second, electionId, operatorToken);
        await viaFirst.DefineBallotAsync(new Dictionary<string, string[]> { [CategoryId] = Finalists });
        var delegateIds = Enumerable.Range(1, Delegates).Select(i => $"d-{i}").ToList();
        var tokens = await viaFirst.ImportDelegatesAsync(delegateIds);
        await viaSecond.ChangePhaseAsync("open", CategoryId);

        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = delegateIds.SelectMany(delegateId => Enumerable.Range(0, RequestsPerDelegate).Select(async i =>
        {
            var api = i % 2 == 0 ? viaFirst : viaSecond;
            var shared = i % 3 == 0;
            var key = shared ? $"shared-{delegateId}" : $"{delegateId}-{i}";
            var finalistId = shared ? SharedKeyFinalist : Finalists[i % Finalists.Length];
            await release.Task;
            return (DelegateId: delegateId, Shared: shared, Result: await api.VoteAsync(tokens[delegateId], CategoryId, finalistId, key));
        })).ToList();
        release.SetResult();
        var results = await Task.WhenAll(requests);

        foreach (var delegateId in delegateIds)
        {
            var ofDelegate = results.Where(r => r.DelegateId == delegateId).ToList();
            AssertOneBallotAccepted(delegateId, ofDelegate.Select(r => (r.Shared, r.Result)).ToList());
            var status = await viaSecond.StatusOfAsync(tokens[delegateId]);
            Assert.True(ElectionApi.Category(status, CategoryId).GetProperty("voted").GetBoolean());
        }

        Assert.Equal(Delegates, await CountLedgerRowsAsync("ledger_sign_in", electionId));
        Assert.Equal(Delegates, await CountLedgerRowsAsync("ledger_ballot", electionId));
        Assert.Equal(1L, await MaxSignInsPerDelegateAsync(electionId));
        foreach (var api in new[] { viaFirst, viaSecond })
        {
            var audit = ElectionApi.Category(await api.AuditAsync(), CategoryId);
            Assert.True(audit.GetProperty("matches").GetBoolean(), $"Audit does not match: {audit}");
            Assert.Equal(Delegates, audit.GetProperty("ledgerBallots").GetInt64());
            Assert.Equal(Delegates, audit.GetProperty("counterBallots").GetInt64());
            var turnout = ElectionApi.Category(await api.TurnoutAsync(), CategoryId);
            Assert.Equal(Delegates, turnout.GetProperty("ballots").GetInt64());
        }
    }

    /// <summary>
    /// Checks one delegate's responses. All 201 responses carry one receipt. When the shared key
    /// won, its replays get 201 with that receipt or 200 "already recorded". Every other request
    /// gets 409 "already voted".
    /// </summary>
    private static void AssertOneBallotAccepted(string delegateId, List<(bool Shared, VoteResult Result)> responses)
    {
        var unexpected = responses.Where(r => r.Result.Status is not (HttpStatusCode.Created or HttpStatusCode.OK
            or HttpStatusCode.Conflict)).ToList();
        Assert.True(unexpected.Count == 0,
            $"{delegateId}: unexpected responses {string.Join("; ", unexpected.Select(r => $"{(int)r.Result.Status} {r.Result.Body}"))}");

        var created = responses.Where(r => r.Result.Status == HttpStatusCode.Created).ToList();
        var receipt = Assert.Single(created.Select(r => r.Result.Receipt).Distinct());
        Assert.NotNull(receipt);
        var sharedKeyWon = created.Any(r => r.Shared);
        foreach (var (shared, result) in responses.Where(r => r.Result.Status != HttpStatusCode.Created))
        {
            if (shared && sharedKeyWon)
            {
                Assert.True(result.Status == HttpStatusCode.OK, $"{delegateId}, shared key replay: {result.Body}");
                Assert.Null(result.Receipt);
            }
            else
            {
                Assert.True(result.Status == HttpStatusCode.Conflict, $"{delegateId}: {(int)result.Status} {result.Body}");
                Assert.Equal("already-voted", result.ProblemType);
            }
        }

        if (!sharedKeyWon)
        {
            Assert.Single(created);
        }
    }

    private static async Task WaitForActiveSilosAsync(IReadOnlyList<PostgresApiHost> hosts, int expected)
    {
        using var deadline = new CancellationTokenSource(JoinTimeout);
        while (hosts.Any(h => h.CountActiveSilos() < expected))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }

    private async Task<long> CountActiveMembershipRowsAsync()
    {
        await using var dataSource = fixture.Database.CreateDataSource();
        await using var command = dataSource.CreateCommand(
            "SELECT count(*) FROM orleans_membership WHERE status = 3 AND proxy_port > 0");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<long> CountLedgerRowsAsync(string table, string electionId)
    {
        await using var dataSource = fixture.Database.CreateDataSource();
        await using var command = dataSource.CreateCommand(
            $"SELECT count(*) FROM {table} WHERE election_id = @election AND category_id = @category");
        command.Parameters.AddWithValue("election", electionId);
        command.Parameters.AddWithValue("category", CategoryId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<long> MaxSignInsPerDelegateAsync(string electionId)
    {
        await using var dataSource = fixture.Database.CreateDataSource();
        await using var command = dataSource.CreateCommand("""
            SELECT max(n) FROM (
                SELECT count(*) AS n FROM ledger_sign_in
                WHERE election_id = @election AND category_id = @category
                GROUP BY delegate_id) AS per_delegate
            """);
        command.Parameters.AddWithValue("election", electionId);
        command.Parameters.AddWithValue("category", CategoryId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
