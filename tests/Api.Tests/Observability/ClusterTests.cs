using System.Net;
using System.Text.Json;
using Voting.Api.Tests.Infrastructure;

namespace Voting.Api.Tests.Observability;

public sealed class ClusterTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task Silos_Anonymous_Returns401()
    {
        var response = await Fixture.CreateClient().GetAsync("/api/cluster/silos");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "invalid-credential");
    }

    [Fact]
    public async Task Silos_Delegate_Returns403()
    {
        var election = await NewElectionAsync();
        var client = election.Delegate(await election.ImportOneAsync());

        var response = await client.GetAsync("/api/cluster/silos");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Silos_Operator_ListsOneActiveSilo()
    {
        var response = await Fixture.CreateOperatorClient().GetAsync("/api/cluster/silos");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var silo = Assert.Single(body.EnumerateArray());
        Assert.Equal("Active", silo.GetProperty("status").GetString());
        Assert.StartsWith("127.0.0.1:", silo.GetProperty("address").GetString());
        var startedAt = silo.GetProperty("startedAt").GetDateTimeOffset();
        Assert.InRange(startedAt, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Ready_ChecksClusterAndLedger()
    {
        var response = await Fixture.CreateClient().GetAsync("/health/ready");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("reachable", body.GetProperty("cluster").GetString());
        Assert.Equal("writable", body.GetProperty("ledger").GetString());
    }
}
