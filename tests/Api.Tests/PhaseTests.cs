using System.Net;
using System.Text.Json;
using Voting.Api.Tests.Infrastructure;

namespace Voting.Api.Tests;

public sealed class PhaseTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Theory]
    [InlineData("open", "Open")]
    [InlineData("close", "Closed")]
    [InlineData("publish", "Published")]
    public async Task Phase_OneCategory_ChangesOnlyIt(string action, string phase)
    {
        var election = await NewElectionAsync();

        var response = await election.ChangePhaseAsync(action, "cat-a");
        var body = await TestElection.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(phase, PhaseIn(body, "cat-a"));
        Assert.Equal("Scheduled", PhaseIn(body, "cat-b"));
        Assert.Equal(phase, PhaseIn(await election.GetJsonAsync(election.Anonymous, ""), "cat-a"));
    }

    [Theory]
    [InlineData("open", "Open")]
    [InlineData("close", "Closed")]
    [InlineData("publish", "Published")]
    public async Task Phase_All_ChangesEveryCategory(string action, string phase)
    {
        var election = await NewElectionAsync();

        var response = await election.ChangePhaseAsync(action);
        var ballot = await election.GetJsonAsync(election.Anonymous, "");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(phase, PhaseIn(ballot, "cat-a"));
        Assert.Equal(phase, PhaseIn(ballot, "cat-b"));
    }

    [Theory]
    [InlineData("close", "open")]
    [InlineData("publish", "open")]
    [InlineData("publish", "close")]
    public async Task Phase_Backwards_Returns409(string first, string then)
    {
        var election = await NewElectionAsync();
        await election.PhaseAsync(first, "cat-a");
        var before = await election.GetJsonAsync(election.Anonymous, "");

        var response = await election.ChangePhaseAsync(then, "cat-a");
        var after = await election.GetJsonAsync(election.Anonymous, "");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, "phase-backwards");
        Assert.Equal(PhaseIn(before, "cat-a"), PhaseIn(after, "cat-a"));
    }

    [Fact]
    public async Task Phase_AllAfterOneClosed_NeverReopensIt()
    {
        var election = await NewElectionAsync();
        await election.PhaseAsync("close", "cat-a");

        var response = await election.ChangePhaseAsync("open");
        var ballot = await election.GetJsonAsync(election.Anonymous, "");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Closed", PhaseIn(ballot, "cat-a"));
        Assert.Equal("Open", PhaseIn(ballot, "cat-b"));
    }

    [Fact]
    public async Task Phase_SameAgain_Returns200()
    {
        var election = await NewElectionAsync();
        await election.PhaseAsync("open", "cat-a");

        var response = await election.ChangePhaseAsync("open", "cat-a");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Open", PhaseIn(await TestElection.ReadJsonAsync(response), "cat-a"));
    }

    [Fact]
    public async Task Phase_UnknownCategory_Returns404()
    {
        var election = await NewElectionAsync();

        var response = await election.ChangePhaseAsync("open", "no-such-category");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "category-not-found");
    }

    [Fact]
    public async Task Phase_UnknownElection_Returns404()
    {
        var election = await NewElectionAsync();

        var response = await election.Operator.PostAsync($"/api/elections/{TestElection.NewId()}/open", null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "election-not-found");
    }

    [Fact]
    public async Task Publish_FromOpen_ClosesFirst()
    {
        var election = await NewElectionAsync();
        var tokens = await election.ImportAsync("p1", "p2");
        await election.PhaseAsync("open", "cat-a");
        await election.VoteAcceptedAsync(tokens["p1"], "cat-a", "fin-a2");

        await election.PhaseAsync("publish", "cat-a");
        var late = await election.VoteAsync(tokens["p2"], "cat-a", "fin-a2");
        var results = await election.GetJsonAsync(election.Anonymous, "/results");

        await ProblemAssert.IsProblemAsync(late, HttpStatusCode.Conflict, "category-not-open");
        Assert.Equal("Published", TestElection.FindById(results, "cat-a").GetProperty("phase").GetString());
        Assert.Equal(1, TestElection.FindById(results, "cat-a").GetProperty("ballots").GetInt64());
    }

    private static string? PhaseIn(JsonElement document, string categoryId) =>
        TestElection.FindById(document, categoryId).GetProperty("phase").GetString();
}
