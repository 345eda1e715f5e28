using System.Net;
using Voting.Api.Tests.Infrastructure;

namespace Voting.Api.Tests.Observability;

public sealed class MetricsTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly TimeSpan ScrapeTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Metrics_AfterVote_CountsOutcome()
    {
        var election = await NewElectionAsync();
        var delegateId = TestElection.NewId("d");
        var token = await election.ImportOneAsync(delegateId);
        await election.PhaseAsync("open", "cat-a");
        await election.VoteAcceptedAsync(token, "cat-a", "fin-a2");

        var text = await ScrapeUntilAsync(t => t.Contains("voting_votes_total{") && t.Contains("outcome=\"Accepted\""));

        Assert.Contains("# TYPE voting_vote_duration_milliseconds histogram", text);
        Assert.Contains("voting_ledger_batch_size_bucket{", text);
        Assert.Contains("voting_ledger_commit_duration_milliseconds_bucket{", text);
        Assert.Contains("voting_ledger_queue_depth{", text);
        Assert.Contains("orleans_catalog_activations", text);
        Assert.Contains("service_name=\"voting-api\"", text);
        Assert.DoesNotContain(delegateId, text);
        foreach (var finalistId in TestBallots.Finalists.Values.SelectMany(f => f))
        {
            Assert.DoesNotContain(finalistId, text);
        }
    }

    [Fact]
    public async Task Metrics_ContentType_IsPrometheusText()
    {
        var response = await Fixture.CreateClient().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
    }

    // The exporter caches a scrape for a short time, so a vote may show up one scrape later.
    private async Task<string> ScrapeUntilAsync(Func<string, bool> condition)
    {
        var client = Fixture.CreateClient();
        var deadline = DateTime.UtcNow + ScrapeTimeout;
        var text = "";
        while (DateTime.UtcNow < deadline)
        {
            text = await client.GetStringAsync("/metrics");
            if (condition(text))
            {
                return text;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"/metrics did not show the expected series within {ScrapeTimeout}:\n{text}");
        return text;
    }
}
