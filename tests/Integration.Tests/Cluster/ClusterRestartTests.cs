using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace Voting.Integration.Tests.Cluster;

/// <summary>
/// Restarts of the whole cluster (the Api host and its silo) mid-election, on the same database.
/// Every acknowledged vote, phase and registration must be read back from PostgreSQL alone.
/// </summary>
public sealed class ClusterRestartTests(ClusterDatabaseFixture fixture, ITestOutputHelper output)
    : ClusterTest(output), IClassFixture<ClusterDatabaseFixture>
{
    private const string OpenCategory = "cat-open";
    private const string ClosedCategory = "cat-closed";
    private const string ScheduledCategory = "cat-later";

    private static readonly Dictionary<string, string[]> Ballot = new()
    {
        [OpenCategory] = ["fin-o1", "fin-o2", "fin-o3"],
        [ClosedCategory] = ["fin-c1", "fin-c2"],
        [ScheduledCategory] = ["fin-l1", "fin-l2"],
    };

    // "007" and "7" must stay two delegates through storage. The delegate "late" votes only after the restart.
    private static readonly string[] DelegateIds =
        ["007", "7", "d01", "d02", "d03", "d04", "d05", "d06", "d07", "d08", "d09", "late"];

    [PostgresFact]
    public async Task Restart_MidElection_KeepsVotesPhasesRegistrations()
    {
        var identity = ClusterIdentity.Create(fixture.Database);
        var electionId = ElectionApi.NewElectionId();
        var acknowledged = new List<AcknowledgedVote>();
        Dictionary<string, string> tokens;
        string operatorToken;
        JsonElement auditBeforeRestart;
        string resultsBeforeRestart;

        await using (var first = await StartHostAsync(identity))
        {
            operatorToken = first.IssueOperatorToken();
            using var api = new ElectionApi(first, electionId, operatorToken);
            await api.DefineBallotAsync(Ballot);
            tokens = await api.ImportDelegatesAsync(DelegateIds);
            await api.ChangePhaseAsync("open", OpenCategory);
            await api.ChangePhaseAsync("open", ClosedCategory);

            var votes = DelegateIds.Where(id => id != "late").SelectMany((delegateId, i) =>
            {
                var inOpen = api.VoteAcceptedAsync(delegateId, tokens[delegateId], OpenCategory,
                    Ballot[OpenCategory][i % 3]);
                return i < 5
                    ? [inOpen, api.VoteAcceptedAsync(delegateId, tokens[delegateId], ClosedCategory, Ballot[ClosedCategory][i % 2])]
                    : new[] { inOpen };
            });
            acknowledged.AddRange(await Task.WhenAll(votes));
            await api.ChangePhaseAsync("close", ClosedCategory);
            auditBeforeRestart = await api.AuditAsync();
            await AssertElectionMatchesAsync(api, tokens, acknowledged);
        }

        await using (var second = await StartHostAsync(identity))
        {
            using var api = new ElectionApi(second, electionId, operatorToken);
            await AssertElectionMatchesAsync(api, tokens, acknowledged);
            var auditAfterRestart = await api.AuditAsync();
            foreach (var categoryId in Ballot.Keys)
            {
                Assert.Equal(
                    ElectionApi.Category(auditBeforeRestart, categoryId).GetProperty("digest").GetString(),
                    ElectionApi.Category(auditAfterRestart, categoryId).GetProperty("digest").GetString());
            }

            await AssertRetriesAfterRestartAsync(api, tokens, acknowledged);
            acknowledged.Add(await api.VoteAcceptedAsync("late", tokens["late"], OpenCategory, "fin-o2"));
            await api.ChangePhaseAsync("close", OpenCategory);
            await api.ChangePhaseAsync("publish", OpenCategory);
            await api.ChangePhaseAsync("publish", ClosedCategory);
            resultsBeforeRestart = await AssertPublishedAsync(api, acknowledged);
        }

        await using (var third = await StartHostAsync(identity))
        {
            using var api = new ElectionApi(third, electionId, operatorToken);
            Assert.Equal(resultsBeforeRestart, await AssertPublishedAsync(api, acknowledged));
            var ballot = await api.BallotAsync();
            Assert.Equal("Scheduled", ElectionApi.Category(ballot, ScheduledCategory).GetProperty("phase").GetString());
        }
    }

    /// <summary>Checks phases, registrations, turnout, each delegate's voted flags and the audit.</summary>
    private static async Task AssertElectionMatchesAsync(ElectionApi api, Dictionary<string, string> tokens,
        List<AcknowledgedVote> acknowledged)
    {
        var ballot = await api.BallotAsync();
        Assert.Equal("Open", ElectionApi.Category(ballot, OpenCategory).GetProperty("phase").GetString());
        Assert.Equal("Closed", ElectionApi.Category(ballot, ClosedCategory).GetProperty("phase").GetString());
        Assert.Equal("Scheduled", ElectionApi.Category(ballot, ScheduledCategory).GetProperty("phase").GetString());

        var turnout = await api.TurnoutAsync();
        Assert.Equal(DelegateIds.Length, turnout.GetProperty("registeredDelegates").GetInt32());
        var audit = await api.AuditAsync();
        foreach (var categoryId in Ballot.Keys)
        {
            var votes = acknowledged.Where(v => v.CategoryId == categoryId).ToList();
            Assert.Equal(votes.Count, ElectionApi.Category(turnout, categoryId).GetProperty("ballots").GetInt64());
            AssertAuditMatches(ElectionApi.Category(audit, categoryId), votes);
        }

        foreach (var delegateId in DelegateIds)
        {
            var status = await api.StatusOfAsync(tokens[delegateId]);
            Assert.Equal(delegateId, status.GetProperty("delegateId").GetString());
            Assert.Equal($"Delegate {delegateId}", status.GetProperty("displayName").GetString());
            foreach (var categoryId in Ballot.Keys)
            {
                var voted = acknowledged.Any(v => v.DelegateId == delegateId && v.CategoryId == categoryId);
                Assert.True(voted == ElectionApi.Category(status, categoryId).GetProperty("voted").GetBoolean(),
                    $"Delegate {delegateId} in {categoryId}: /me should say voted={voted}.");
            }
        }
    }

    private static void AssertAuditMatches(JsonElement audit, List<AcknowledgedVote> votes)
    {
        var categoryId = audit.GetProperty("id").GetString();
        Assert.True(audit.GetProperty("matches").GetBoolean(), $"Audit of {categoryId} does not match: {audit}");
        Assert.Equal(votes.Count, audit.GetProperty("ledgerSignIns").GetInt64());
        Assert.Equal(votes.Count, audit.GetProperty("ledgerBallots").GetInt64());
        Assert.Equal(votes.Count, audit.GetProperty("counterBallots").GetInt64());
        foreach (var finalist in audit.GetProperty("finalists").EnumerateArray())
        {
            var finalistId = finalist.GetProperty("id").GetString();
            var expected = votes.Count(v => v.FinalistId == finalistId);
            Assert.Equal(expected, finalist.GetProperty("ledger").GetInt64());
            Assert.Equal(expected, finalist.GetProperty("counter").GetInt64());
        }
    }

    /// <summary>
    /// After a restart the ledger's sign-ins still decide: the same key is "already recorded"
    /// (its receipt lived in the old activation's memory only), another key is "already voted",
    /// and the closed category stays closed.
    /// </summary>
    private static async Task AssertRetriesAfterRestartAsync(ElectionApi api, Dictionary<string, string> tokens,
        List<AcknowledgedVote> acknowledged)
    {
        var earlier = acknowledged.First(v => v.CategoryId == OpenCategory);
        var retry = await api.VoteAsync(tokens[earlier.DelegateId], OpenCategory, earlier.FinalistId, earlier.Key);
        Assert.True(retry.Status == HttpStatusCode.OK, $"Retry after restart: {(int)retry.Status} {retry.Body}");
        Assert.Null(retry.Receipt);

        var second = await api.VoteAsync(tokens[earlier.DelegateId], OpenCategory, earlier.FinalistId, "another-key");
        Assert.Equal(HttpStatusCode.Conflict, second.Status);
        Assert.Equal("already-voted", second.ProblemType);

        var closed = await api.VoteAsync(tokens["late"], ClosedCategory, "fin-c1", "late-closed");
        Assert.Equal(HttpStatusCode.Conflict, closed.Status);
        Assert.Equal("category-not-open", closed.ProblemType);
    }

    /// <summary>
    /// Checks that the public results equal the acknowledged votes and every receipt is found, and
    /// returns the results as JSON text.
    /// </summary>
    private static async Task<string> AssertPublishedAsync(ElectionApi api, List<AcknowledgedVote> acknowledged)
    {
        var results = await api.PublicResultsAsync();
        var published = results.GetProperty("categories").EnumerateArray().Select(c => c.GetProperty("id").GetString());
        Assert.Equal(new[] { ClosedCategory, OpenCategory }.Order(StringComparer.Ordinal),
            published.Order(StringComparer.Ordinal));
        foreach (var categoryId in new[] { OpenCategory, ClosedCategory })
        {
            var result = ElectionApi.Category(results, categoryId);
            var votes = acknowledged.Where(v => v.CategoryId == categoryId).ToList();
            Assert.Equal("Published", result.GetProperty("phase").GetString());
            Assert.Equal(votes.Count, result.GetProperty("ballots").GetInt64());
            foreach (var finalist in result.GetProperty("finalists").EnumerateArray())
            {
                var finalistId = finalist.GetProperty("id").GetString();
                Assert.True(votes.Count(v => v.FinalistId == finalistId) == finalist.GetProperty("votes").GetInt64(),
                    $"{categoryId}/{finalistId}: published {finalist.GetProperty("votes")}, acknowledged {votes.Count(v => v.FinalistId == finalistId)}.");
            }

            AssertAuditMatches(ElectionApi.Category(await api.AuditAsync(), categoryId), votes);
        }

        foreach (var vote in acknowledged)
        {
            var found = await api.GetJsonAsync(api.Anonymous, $"/receipts/{vote.Receipt}");
            Assert.Equal(vote.CategoryId, found.GetProperty("categoryId").GetString());
        }

        return results.GetRawText();
    }
}
