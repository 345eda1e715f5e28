using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Voting.Api.Tests.Infrastructure;

namespace Voting.Api.Tests;

public sealed class ResultsTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task Results_Public_OmitsUnpublishedCategories()
    {
        var election = await NewElectionAsync();
        var token = await election.ImportOneAsync();
        await election.PhaseAsync("open");
        await election.VoteAcceptedAsync(token, "cat-a", "fin-a1");
        await election.VoteAcceptedAsync(token, "cat-b", "fin-b2");

        await election.PhaseAsync("publish", "cat-b");
        var response = await election.Anonymous.GetAsync($"{election.Path}/results");
        var results = await TestElection.ReadJsonAsync(response);
        var categoryIds = results.GetProperty("categories").EnumerateArray().Select(c => c.GetProperty("id").GetString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["cat-b"], categoryIds);
        Assert.Equal(1, Votes(TestElection.FindById(results, "cat-b"), "fin-b2"));
    }

    [Fact]
    public async Task Results_BeforePublication_ShowNoCounts()
    {
        var election = await NewElectionAsync();
        var token = await election.ImportOneAsync();
        await election.PhaseAsync("open");
        await election.VoteAcceptedAsync(token, "cat-a", "fin-a1");

        var results = await election.GetJsonAsync(election.Anonymous, "/results");
        var withDelegateToken = await election.GetJsonAsync(election.Delegate(token), "/results");

        Assert.Equal(0, results.GetProperty("categories").GetArrayLength());
        Assert.Equal(0, withDelegateToken.GetProperty("categories").GetArrayLength());
    }

    [Fact]
    public async Task Results_Operator_SeesLiveCounts()
    {
        var election = await NewElectionAsync();
        var tokens = await election.ImportAsync("live-1", "live-2");
        await election.PhaseAsync("open", "cat-a");
        await election.VoteAcceptedAsync(tokens["live-1"], "cat-a", "fin-a3");
        await election.VoteAcceptedAsync(tokens["live-2"], "cat-a", "fin-a3");

        var results = await election.GetJsonAsync(election.Operator, "/results");
        var category = TestElection.FindById(results, "cat-a");

        Assert.Equal("Open", category.GetProperty("phase").GetString());
        Assert.Equal(2, category.GetProperty("ballots").GetInt64());
        Assert.Equal(2, Votes(category, "fin-a3"));
        Assert.Equal("Scheduled", TestElection.FindById(results, "cat-b").GetProperty("phase").GetString());
    }

    [Fact]
    public async Task Turnout_Open_IsPublic()
    {
        var election = await NewElectionAsync();
        var tokens = await election.ImportAsync("t1", "t2", "t3");
        await election.PhaseAsync("open", "cat-a");
        await election.VoteAcceptedAsync(tokens["t1"], "cat-a", "fin-a1");

        var turnout = await election.TurnoutAsync();

        Assert.Equal(3, turnout.GetProperty("registeredDelegates").GetInt32());
        Assert.Equal(1, TestElection.FindById(turnout, "cat-a").GetProperty("ballots").GetInt64());
        Assert.False(turnout.GetRawText().Contains("fin-a1"), turnout.GetRawText());
    }

    [Fact]
    public async Task Receipt_BeforePublication_Returns404()
    {
        var election = await NewElectionAsync();
        var token = await election.ImportOneAsync();
        await election.PhaseAsync("open", "cat-a");
        var receipt = await election.VoteAcceptedAsync(token, "cat-a", "fin-a1");
        await election.PhaseAsync("close", "cat-a");

        var response = await election.Anonymous.GetAsync($"{election.Path}/receipts/{receipt}");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "receipt-not-found");
    }

    [Fact]
    public async Task Receipt_AfterPublication_ReturnsCategory()
    {
        var election = await NewElectionAsync();
        var token = await election.ImportOneAsync();
        await election.PhaseAsync("open");
        var receipt = await election.VoteAcceptedAsync(token, "cat-b", "fin-b1");
        await election.PhaseAsync("publish", "cat-b");

        var body = await election.GetJsonAsync(election.Anonymous, $"/receipts/{receipt}");

        Assert.Equal(receipt, body.GetProperty("receipt").GetString());
        Assert.True(body.GetProperty("found").GetBoolean());
        Assert.Equal("cat-b", body.GetProperty("categoryId").GetString());
    }

    [Theory]
    [InlineData("00000000000000000000000000")]
    [InlineData("not-a-receipt")]
    public async Task Receipt_Unknown_Returns404(string receipt)
    {
        var election = await NewElectionAsync();
        await election.PhaseAsync("publish");

        var response = await election.Anonymous.GetAsync($"{election.Path}/receipts/{receipt}");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "receipt-not-found");
    }

    [Fact]
    public async Task Results_Digest_MatchesReceipts()
    {
        var election = await NewElectionAsync();
        string[] finalists = ["fin-a1", "fin-a2", "fin-a3", "fin-a1", "fin-a1", "fin-a2"];
        var tokens = await election.ImportAsync([.. finalists.Select((_, i) => $"dig-{i}")]);
        await election.PhaseAsync("open", "cat-a");
        var box = new List<(string Receipt, string FinalistId)>();
        for (var i = 0; i < finalists.Length; i++)
        {
            box.Add((await election.VoteAcceptedAsync(tokens[$"dig-{i}"], "cat-a", finalists[i]), finalists[i]));
        }

        await election.PhaseAsync("publish", "cat-a");
        var category = TestElection.FindById(await election.GetJsonAsync(election.Anonymous, "/results"), "cat-a");

        Assert.Equal(Digest(box), category.GetProperty("digest").GetString());
        Assert.Equal(finalists.Length, category.GetProperty("ballots").GetInt64());
        Assert.Equal(3, Votes(category, "fin-a1"));
        Assert.Equal(2, Votes(category, "fin-a2"));
        Assert.Equal(1, Votes(category, "fin-a3"));
        Assert.Equal(Digest(box), (await election.AuditOfAsync("cat-a")).GetProperty("digest").GetString());
    }

    [Fact]
    public async Task Results_EmptyCategory_HasEmptyDigest()
    {
        var election = await NewElectionAsync();

        await election.PhaseAsync("publish", "cat-b");
        var category = TestElection.FindById(await election.GetJsonAsync(election.Anonymous, "/results"), "cat-b");

        Assert.Equal(0, category.GetProperty("ballots").GetInt64());
        Assert.Equal(Digest([]), category.GetProperty("digest").GetString());
    }

    [Fact]
    public async Task ResultsAndAudit_ContainNoDelegateId()
    {
        var election = await NewElectionAsync();
        var delegateId = $"secret-{Guid.NewGuid():N}";
        var token = await election.ImportOneAsync(delegateId);
        await election.PhaseAsync("open");
        await election.VoteAcceptedAsync(token, "cat-a", "fin-a2");
        await election.PhaseAsync("publish", "cat-a");

        var documents = new[]
        {
            (await election.GetJsonAsync(election.Anonymous, "/results")).GetRawText(),
            (await election.GetJsonAsync(election.Operator, "/results")).GetRawText(),
            (await election.AuditAsync()).GetRawText(),
            (await election.TurnoutAsync()).GetRawText(),
        };

        Assert.All(documents, d => Assert.DoesNotContain(delegateId, d));
    }

    /// <summary>SHA-256 over "receipt TAB finalist LF" lines in ordinal receipt order, lowercase hex.</summary>
    private static string Digest(IEnumerable<(string Receipt, string FinalistId)> box)
    {
        var lines = box.OrderBy(b => b.Receipt, StringComparer.Ordinal).Select(b => $"{b.Receipt}\t{b.FinalistId}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(lines))));
    }

    private static long Votes(JsonElement category, string finalistId) =>
        category.GetProperty("finalists").EnumerateArray()
            .Single(f => f.GetProperty("id").GetString() == finalistId).GetProperty("votes").GetInt64();
}
