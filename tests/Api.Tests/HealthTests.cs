using System.Net;
using Voting.Api.Tests.Infrastructure;

namespace Voting.Api.Tests;

public sealed class HealthTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_Probe_Returns200(string path)
    {
        var response = await Fixture.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_Document_ListsVoteRoute()
    {
        var response = await Fixture.CreateClient().GetAsync("/openapi/v1.json");
        var document = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"/api/elections/{electionId}/categories/{categoryId}/votes\"", document);
    }

    [Fact]
    public async Task Server_IsKestrelOnLoopback()
    {
        var client = Fixture.CreateClient();

        var response = await client.GetAsync("/health/live");

        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(client.BaseAddress!.Host)), client.BaseAddress.ToString());
        Assert.Contains(response.Headers.Server, s => s.Product?.Name == "Kestrel");
    }

    [Theory]
    [InlineData("GET", "/no/such/route", 404, "not-found")]
    [InlineData("DELETE", "/api/elections/any-election/turnout", 405, "method-not-allowed")]
    public async Task FrameworkErrors_UseOurProblemTypes(string method, string path, int status, string type)
    {
        var response = await Fixture.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"\"urn:voting:problem:{type}\"", body);
        Assert.Contains(path, body);
    }

    [Fact]
    public async Task ServerErrorRecorder_SeesClientResponses()
    {
        var before = Fixture.ServerErrors.Responses;

        await Fixture.CreateClient().GetAsync("/health/live");

        Assert.Equal(before + 1, Fixture.ServerErrors.Responses);
    }
}
