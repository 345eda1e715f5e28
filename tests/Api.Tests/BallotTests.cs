using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Voting.Api.Tests.Infrastructure;

namespace Voting.Api.Tests;

public sealed class BallotTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task Ballot_Get_ReturnsETag()
    {
        var election = await NewElectionAsync();

        var response = await election.Anonymous.GetAsync(election.Path);
        var body = await TestElection.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal(election.Id, body.GetProperty("electionId").GetString());
        Assert.Equal(2, body.GetProperty("categories").GetArrayLength());
    }

    [Fact]
    public async Task Ballot_IfNoneMatch_Returns304()
    {
        var election = await NewElectionAsync();
        var etag = (await election.Anonymous.GetAsync(election.Path)).Headers.ETag!;

        var response = await GetIfNoneMatchAsync(election, etag);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(etag, response.Headers.ETag);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Ballot_PhaseChange_ChangesETag()
    {
        var election = await NewElectionAsync();
        var before = (await election.Anonymous.GetAsync(election.Path)).Headers.ETag!;

        await election.PhaseAsync("open", "cat-a");
        var response = await GetIfNoneMatchAsync(election, before);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(before, response.Headers.ETag);
    }

    [Fact]
    public async Task Ballot_UnknownElection_Returns404()
    {
        var response = await Fixture.CreateClient().GetAsync($"/api/elections/{TestElection.NewId()}");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "election-not-found");
    }

    [Fact]
    public async Task BallotPut_IdEndingInNewline_Returns400()
    {
        // In .NET regular expressions '$' also matches before a final line feed, so the id rule must anchor with '\z'.
        var id = TestElection.NewId() + "\n";
        var path = $"/api/elections/{Uri.EscapeDataString(id)}";
        var client = Fixture.CreateOperatorClient();

        var put = await client.PutAsJsonStringAsync(path, TestBallots.Create(id));
        var get = await client.GetAsync(path);

        await ProblemAssert.IsProblemAsync(put, HttpStatusCode.BadRequest, "validation-failed");
        await ProblemAssert.IsProblemAsync(get, HttpStatusCode.NotFound, "election-not-found");
    }

    [Fact]
    public async Task BallotPut_CategoryIdEndingInNewline_Returns400()
    {
        var election = TestElection.NewId();
        var ballot = TestBallots.Create(election);
        ballot["categories"]![0]!["id"] = "cat-a\n";

        var response = await Fixture.CreateOperatorClient().PutAsJsonStringAsync($"/api/elections/{election}", ballot);
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation-failed");

        Assert.Contains("$.categories[0].id", ProblemAssert.ErrorPaths(problem));
    }

    [Fact]
    public async Task Ballot_Sample_VotesInNumerique()
    {
        var election = await TestElection.CreateAsync(Fixture, TestBallots.Sample);
        var token = await election.ImportOneAsync();
        await election.PhaseAsync("open", "numerique");

        var receipt = await election.VoteAcceptedAsync(token, "numerique", "aveyron");

        Assert.False(string.IsNullOrEmpty(receipt));
        Assert.Equal(1, await election.TurnoutBallotsAsync("numerique"));
    }

    [Fact]
    public async Task BallotPut_ReplaceBeforeOpening_Returns200()
    {
        var election = await NewElectionAsync();
        var ballot = TestBallots.Create(election.Id);
        ballot["title"] = "Renamed";

        var response = await election.PutBallotAsync(ballot);
        var after = await election.GetJsonAsync(election.Anonymous, "");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Renamed", after.GetProperty("title").GetString());
        Assert.Equal(2, after.GetProperty("ballotVersion").GetInt64());
    }

    public static TheoryData<string, string> InvalidBallots => new()
    {
        { "duplicate-category", "$.categories[1].id" },
        { "duplicate-finalist", "$.categories[0].finalists[1].id" },
        { "empty-title", "$.title" },
        { "empty-category-title", "$.categories[0].title" },
        { "empty-finalist-name", "$.categories[0].finalists[0].name" },
        { "malformed-url", "$.categories[0].finalists[0].projects[0].videoUrl" },
        { "ftp-url", "$.categories[0].finalists[0].projects[0].videoUrl" },
        { "no-finalists", "$.categories[1].finalists" },
        { "no-categories", "$.categories" },
        { "election-mismatch", "$.electionId" },
        { "bad-finalist-id", "$.categories[0].finalists[2].id" },
    };

    [Theory]
    [MemberData(nameof(InvalidBallots))]
    public async Task BallotPut_Invalid_ListsPath(string rule, string path)
    {
        var election = await NewElectionAsync();
        var before = await election.Anonymous.GetAsync(election.Path);

        var response = await election.PutBallotAsync(Break(TestBallots.Create(election.Id), rule));
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        var after = await election.Anonymous.GetAsync(election.Path);

        Assert.Contains(path, ProblemAssert.ErrorPaths(problem));
        Assert.Equal(before.Headers.ETag, after.Headers.ETag);
        Assert.Equal(await before.Content.ReadAsStringAsync(), await after.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BallotPut_SeveralProblems_ListsEach()
    {
        var election = await NewElectionAsync();
        var ballot = Break(Break(TestBallots.Create(election.Id), "empty-title"), "malformed-url");

        var response = await election.PutBallotAsync(ballot);
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation-failed");

        Assert.Equal(["$.title", "$.categories[0].finalists[0].projects[0].videoUrl"], ProblemAssert.ErrorPaths(problem));
    }

    [Fact]
    public async Task BallotPut_InvalidNewElection_CreatesNothing()
    {
        var election = await NewElectionAsync();
        var id = TestElection.NewId();
        var ballot = Break(TestBallots.Create(id), "no-finalists");

        var response = await election.Operator.PutAsJsonStringAsync($"/api/elections/{id}", ballot);
        var lookup = await election.Anonymous.GetAsync($"/api/elections/{id}");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        await ProblemAssert.IsProblemAsync(lookup, HttpStatusCode.NotFound, "election-not-found");
    }

    [Fact]
    public async Task BallotPut_AfterOpening_Returns409()
    {
        var election = await NewElectionAsync();
        await election.PhaseAsync("open", "cat-b");
        var before = await election.Anonymous.GetAsync(election.Path);
        var ballot = TestBallots.Create(election.Id);
        ballot["title"] = "Too late";

        var response = await election.PutBallotAsync(ballot);
        var after = await election.Anonymous.GetAsync(election.Path);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, "ballot-locked");
        Assert.Equal(before.Headers.ETag, after.Headers.ETag);
    }

    private static Task<HttpResponseMessage> GetIfNoneMatchAsync(TestElection election, EntityTagHeaderValue etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, election.Path);
        request.Headers.IfNoneMatch.Add(etag);
        return election.Anonymous.SendAsync(request);
    }

    private static JsonObject Break(JsonObject ballot, string rule)
    {
        var categories = ballot["categories"]!.AsArray();
        var firstFinalists = categories[0]!["finalists"]!.AsArray();
        switch (rule)
        {
            case "duplicate-category":
                categories[1]!["id"] = categories[0]!["id"]!.GetValue<string>();
                break;
            case "duplicate-finalist":
                firstFinalists[1]!["id"] = firstFinalists[0]!["id"]!.GetValue<string>();
                break;
            case "empty-title":
                ballot["title"] = "  ";
                break;
            case "empty-category-title":
                categories[0]!["title"] = "";
                break;
            case "empty-finalist-name":
                firstFinalists[0]!["name"] = "";
                break;
            case "malformed-url":
                firstFinalists[0]!["projects"]![0]!["videoUrl"] = "not a url";
                break;
            case "ftp-url":
                firstFinalists[0]!["projects"]![0]!["videoUrl"] = "ftp://video.example/1";
                break;
            case "no-finalists":
                categories[1]!["finalists"] = new JsonArray();
                break;
            case "no-categories":
                ballot["categories"] = new JsonArray();
                break;
            case "election-mismatch":
                ballot["electionId"] = "some-other-election";
                break;
            case "bad-finalist-id":
                firstFinalists[2]!["id"] = "has space";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(rule), rule, "is not a rule Break applies");
        }

        return ballot;
    }
}
