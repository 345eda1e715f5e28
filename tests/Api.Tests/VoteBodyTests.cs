using System.Net;
using System.Net.Http.Headers;
using Voting.Api.Tests.Infrastructure;

namespace Voting.Api.Tests;

public sealed class VoteBodyTests(ApiFixture fixture) : ApiTest(fixture)
{
    public static TheoryData<string, string, string, string> BadBodies => new()
    {
        { "malformed", "{\"finalistId\":", "application/json", "invalid-json" },
        { "empty", "", "application/json", "invalid-json" },
        { "null", "null", "application/json", "invalid-json" },
        { "array", "[{\"finalistId\":\"fin-a1\"}]", "application/json", "invalid-json" },
        { "string", "\"fin-a1\"", "application/json", "invalid-json" },
        { "number-finalist", "{\"finalistId\":5}", "application/json", "invalid-json" },
        { "object-finalist", "{\"finalistId\":{\"id\":\"fin-a1\"}}", "application/json", "invalid-json" },
        { "unknown-field", "{\"finalistId\":\"fin-a1\",\"extra\":1}", "application/json", "invalid-json" },
        { "missing-finalist", "{}", "application/json", "validation-failed" },
        { "null-finalist", "{\"finalistId\":null}", "application/json", "validation-failed" },
        { "bad-finalist-id", "{\"finalistId\":\"a/b\"}", "application/json", "validation-failed" },
        { "newline-finalist-id", "{\"finalistId\":\"fin-a1\\n\"}", "application/json", "validation-failed" },
        { "duplicate-finalist", "{\"finalistId\":\"fin-a1\",\"finalistId\":\"fin-a2\"}", "application/json", "invalid-json" },
        { "duplicate-finalist-other-case", "{\"finalistId\":\"fin-a1\",\"FinalistId\":\"fin-a2\"}", "application/json", "invalid-json" },
        { "comment", "{/* x */\"finalistId\":\"fin-a1\"}", "application/json", "invalid-json" },
        { "trailing-comma", "{\"finalistId\":\"fin-a1\",}", "application/json", "invalid-json" },
        { "text-plain", "{\"finalistId\":\"fin-a1\"}", "text/plain", "unsupported-media-type" },
        { "form", "finalistId=fin-a1", "application/x-www-form-urlencoded", "unsupported-media-type" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Vote_BadBody_Returns4xxProblem(string name, string body, string contentType, string type)
    {
        var (election, client) = await OpenElectionWithDelegateAsync();

        var response = await client.PostRawAsync(VotesPath(election), body, contentType, KeyHeader(name));
        var status = type == "unsupported-media-type" ? HttpStatusCode.UnsupportedMediaType : HttpStatusCode.BadRequest;

        await ProblemAssert.IsProblemAsync(response, status, type);
        Assert.Equal(0, await election.TurnoutBallotsAsync("cat-a"));
    }

    [Fact]
    public async Task Vote_NoContentType_Returns415()
    {
        var (election, client) = await OpenElectionWithDelegateAsync();

        var response = await client.PostRawAsync(VotesPath(election), "{\"finalistId\":\"fin-a1\"}", null,
            KeyHeader("k"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Fact]
    public async Task Vote_JsonWithCharset_Returns201()
    {
        var (election, client) = await OpenElectionWithDelegateAsync();

        var response = await client.PostRawAsync(VotesPath(election), "{\"finalistId\":\"fin-a1\"}",
            "application/json; charset=utf-8", KeyHeader("k"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Vote_BodyOver64KiB_Returns413()
    {
        var (election, client) = await OpenElectionWithDelegateAsync();
        var body = $"{{\"finalistId\":\"fin-a1\",\"padding\":\"{new string('x', 64 * 1024)}\"}}";

        var response = await client.PostRawAsync(VotesPath(election), body, "application/json", KeyHeader("big"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body-too-large");
        Assert.Equal(0, await election.TurnoutBallotsAsync("cat-a"));
    }

    [Fact]
    public async Task Vote_ChunkedBodyOver64KiB_Returns413()
    {
        var (election, client) = await OpenElectionWithDelegateAsync();
        var bytes = System.Text.Encoding.UTF8.GetBytes($"{{\"finalistId\":\"{new string(' ', 70 * 1024)}\"}}");
        var content = new StreamContent(new UnknownLengthStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, VotesPath(election)) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Add("Idempotency-Key", "chunked");

        var response = await client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body-too-large");
    }

    [Fact]
    public async Task BallotPut_BodyOver64KiB_Returns413()
    {
        var election = await NewElectionAsync();
        var ballot = TestBallots.Create(election.Id);
        ballot["categories"]![0]!["description"] = new string('d', 64 * 1024);

        var response = await election.PutBallotAsync(ballot);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body-too-large");
    }

    public static TheoryData<string, string?> BadBallotBodies => new()
    {
        { "{\"electionId\":", "application/json" },
        { "null", "application/json" },
        { "[]", "application/json" },
        { "{\"electionId\":1}", "application/json" },
        { "{\"categories\":{}}", "application/json" },
        { "{\"unknown\":true}", "application/json" },
        { "{\"electionId\":\"x\"}", "text/plain" },
        { "{\"electionId\":\"x\"}", null },
    };

    [Theory]
    [MemberData(nameof(BadBallotBodies))]
    public async Task BallotPut_BadBody_Returns4xx(string body, string? contentType)
    {
        var election = await NewElectionAsync();
        var before = (await election.Anonymous.GetAsync(election.Path)).Headers.ETag;
        var content = new StringContent(body);
        content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);

        var response = await election.Operator.PutAsync(election.Path, content);

        await ProblemAssert.IsClientErrorAsync(response);
        Assert.Equal(before, (await election.Anonymous.GetAsync(election.Path)).Headers.ETag);
    }

    private async Task<(TestElection Election, HttpClient Client)> OpenElectionWithDelegateAsync()
    {
        var election = await NewElectionAsync();
        var token = await election.ImportOneAsync();
        await election.PhaseAsync("open");
        return (election, election.Delegate(token));
    }

    private static string VotesPath(TestElection election) => $"{election.Path}/categories/cat-a/votes";

    private static Dictionary<string, string> KeyHeader(string key) => new() { ["Idempotency-Key"] = key };

    /// <summary>A stream that hides its length, so the client must send the body chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
