using System.Net;
using Voting.Api.Tests.Infrastructure;

namespace Voting.Api.Tests;

public sealed class VoteTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task Vote_Open_Returns201WithReceipt()
    {
        var (election, token) = await OpenElectionWithDelegateAsync();

        var response = await election.VoteAsync(token, "cat-a", "fin-a2");
        var body = await TestElection.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Matches("^[0-9a-hjkmnp-tv-z]{26}$", body.GetProperty("receipt").GetString());
        Assert.Equal(1, await election.TurnoutBallotsAsync("cat-a"));
    }

    [Fact]
    public async Task Vote_SameKeySameBody_ReplaysReceipt()
    {
        var (election, token) = await OpenElectionWithDelegateAsync();
        var client = election.Delegate(token);

        var first = await election.VoteAsync(client, "cat-a", "fin-a1", "retry-key");
        var second = await election.VoteAsync(client, "cat-a", "fin-a1", "retry-key");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(first.StatusCode, second.StatusCode);
        Assert.Equal(Receipt(await TestElection.ReadJsonAsync(first)), Receipt(await TestElection.ReadJsonAsync(second)));
        Assert.Equal(1, (await election.AuditOfAsync("cat-a")).GetProperty("ledgerBallots").GetInt64());
    }

    [Fact]
    public async Task Vote_SameKeyOtherBody_Returns422()
    {
        var (election, token) = await OpenElectionWithDelegateAsync();
        var client = election.Delegate(token);
        await election.VoteAsync(client, "cat-a", "fin-a1", "key-1");

        var response = await election.VoteAsync(client, "cat-a", "fin-a2", "key-1");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        await AssertLedgerAsync(election, "cat-a", ballots: 1, ("fin-a1", 1), ("fin-a2", 0));
    }

    [Fact]
    public async Task Vote_SameKeyOtherCategory_Returns422()
    {
        var (election, token) = await OpenElectionWithDelegateAsync();
        var client = election.Delegate(token);
        await election.VoteAsync(client, "cat-a", "fin-a1", "key-1");

        var response = await election.VoteAsync(client, "cat-b", "fin-b1", "key-1");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        Assert.Equal(0, await election.TurnoutBallotsAsync("cat-b"));
    }

    [Fact]
    public async Task Vote_OtherKeyAfterVoting_Returns409()
    {
        var (election, token) = await OpenElectionWithDelegateAsync();
        var client = election.Delegate(token);
        await election.VoteAsync(client, "cat-a", "fin-a1", "key-1");

        var response = await election.VoteAsync(client, "cat-a", "fin-a2", "key-2");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, "already-voted");
        await AssertLedgerAsync(election, "cat-a", ballots: 1, ("fin-a1", 1), ("fin-a2", 0));
    }

    [Fact]
    public async Task Vote_NoKey_Returns400()
    {
        var (election, token) = await OpenElectionWithDelegateAsync();

        var response = await election.VoteAsync(election.Delegate(token), "cat-a", "fin-a1", key: null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "missing-idempotency-key");
        Assert.Equal(0, await election.TurnoutBallotsAsync("cat-a"));
    }

    public static TheoryData<string> InvalidKeys => new()
    {
        new string('k', 256),
        "tab\tinside",
        "del\u007finside",
    };

    [Theory]
    [MemberData(nameof(InvalidKeys))]
    public async Task Vote_InvalidKey_Returns400(string key)
    {
        var (election, token) = await OpenElectionWithDelegateAsync();

        var response = await election.VoteAsync(election.Delegate(token), "cat-a", "fin-a1", key);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid-idempotency-key");
        Assert.Equal(0, await election.TurnoutBallotsAsync("cat-a"));
    }

    [Fact]
    public async Task Vote_KeyOf255Printable_Returns201()
    {
        var (election, token) = await OpenElectionWithDelegateAsync();
        var key = string.Concat(Enumerable.Range(0, 255).Select(i => (char)(0x20 + i % 95)));

        var response = await election.VoteAsync(election.Delegate(token), "cat-a", "fin-a1", key);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Vote_Scheduled_Returns409()
    {
        var election = await NewElectionAsync();
        var token = await election.ImportOneAsync();

        var response = await election.VoteAsync(token, "cat-a", "fin-a1");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, "category-not-open");
        Assert.Equal(0, await election.TurnoutBallotsAsync("cat-a"));
    }

    [Fact]
    public async Task Vote_Closed_Returns409()
    {
        var (election, token) = await OpenElectionWithDelegateAsync();
        await election.PhaseAsync("close", "cat-a");

        var response = await election.VoteAsync(token, "cat-a", "fin-a1");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, "category-not-open");
        Assert.Equal(0, (await election.AuditOfAsync("cat-a")).GetProperty("ledgerBallots").GetInt64());
    }

    [Fact]
    public async Task Vote_Published_Returns409()
    {
        var (election, token) = await OpenElectionWithDelegateAsync();
        await election.PhaseAsync("publish", "cat-a");

        var response = await election.VoteAsync(token, "cat-a", "fin-a1");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, "category-not-open");
    }

    [Fact]
    public async Task Vote_UnknownCategory_Returns404()
    {
        var (election, token) = await OpenElectionWithDelegateAsync();

        var response = await election.VoteAsync(token, "no-such-category", "fin-a1");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "category-not-found");
    }

    [Fact]
    public async Task Vote_FinalistOfOtherCategory_Returns404()
    {
        var (election, token) = await OpenElectionWithDelegateAsync();

        var response = await election.VoteAsync(token, "cat-a", "fin-b1");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "finalist-not-found");
        Assert.Equal(0, await election.TurnoutBallotsAsync("cat-a"));
    }

    [Fact]
    public async Task Vote_UnknownElection_Returns404()
    {
        var (election, token) = await OpenElectionWithDelegateAsync();
        var missingId = TestElection.NewId();
        var electionClaim = TestTokens.ClaimNamed(token, election.Id);
        var forged = TestTokens.WithClaim(token, Fixture.Factory.SigningKey, electionClaim, missingId);

        var response = await TestElection.VoteAsync(election.Delegate(forged), $"/api/elections/{missingId}",
            "cat-a", "fin-a1", "key-1");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "election-not-found");
    }

    [Fact]
    public async Task Vote_Rejected_LeavesTurnoutUnchanged()
    {
        var (election, token) = await OpenElectionWithDelegateAsync();
        await election.VoteAcceptedAsync(token, "cat-a", "fin-a1");
        var before = (await election.TurnoutAsync()).GetRawText();

        await election.VoteAsync(token, "cat-a", "fin-a2");
        await election.VoteAsync(token, "cat-a", "no-such-finalist");
        await election.VoteAsync(token, "cat-b", "fin-a1");
        var after = (await election.TurnoutAsync()).GetRawText();

        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Me_AfterVote_ShowsVotedCategory()
    {
        var (election, token) = await OpenElectionWithDelegateAsync();
        await election.VoteAcceptedAsync(token, "cat-a", "fin-a3");

        var me = await election.GetJsonAsync(election.Delegate(token), "/me");

        Assert.True(TestElection.FindById(me, "cat-a").GetProperty("voted").GetBoolean());
        Assert.False(TestElection.FindById(me, "cat-b").GetProperty("voted").GetBoolean());
        Assert.Equal("Open", TestElection.FindById(me, "cat-a").GetProperty("phase").GetString());
    }

    private async Task<(TestElection Election, string Token)> OpenElectionWithDelegateAsync()
    {
        var election = await NewElectionAsync();
        var token = await election.ImportOneAsync();
        await election.PhaseAsync("open");
        return (election, token);
    }

    private static string? Receipt(System.Text.Json.JsonElement body) => body.GetProperty("receipt").GetString();

    private static async Task AssertLedgerAsync(TestElection election, string categoryId, long ballots,
        params (string FinalistId, long Votes)[] finalists)
    {
        var audit = await election.AuditOfAsync(categoryId);
        Assert.Equal(ballots, audit.GetProperty("ledgerBallots").GetInt64());
        foreach (var (finalistId, votes) in finalists)
        {
            var finalist = audit.GetProperty("finalists").EnumerateArray()
                .Single(f => f.GetProperty("id").GetString() == finalistId);
            Assert.Equal(votes, finalist.GetProperty("ledger").GetInt64());
        }
    }
}
