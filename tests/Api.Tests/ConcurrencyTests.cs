using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Voting.Api.Tests.Infrastructure;

namespace Voting.Api.Tests;

public sealed class ConcurrencyTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Vote_100ParallelKeys_CountsOne()
    {
        var election = await NewElectionAsync();
        var client = election.Delegate(await election.ImportOneAsync());
        await election.PhaseAsync("open", "cat-a");
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var votes = Enumerable.Range(0, 100).Select(async i =>
        {
            await start.Task;
            return await election.VoteAsync(client, "cat-a", $"fin-a{1 + i % 3}", $"parallel-{i}");
        }).ToList();
        start.SetResult();
        var responses = await Task.WhenAll(votes).WaitAsync(LoadTimeout);
        var audit = await election.AuditOfAsync("cat-a");

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(99, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        foreach (var rejected in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await ProblemAssert.IsProblemAsync(rejected, HttpStatusCode.Conflict, "already-voted");
        }

        Assert.Equal(1, audit.GetProperty("ledgerSignIns").GetInt64());
        Assert.Equal(1, audit.GetProperty("ledgerBallots").GetInt64());
        Assert.Equal(1, await election.TurnoutBallotsAsync("cat-a"));
    }

    [Fact]
    public async Task Vote_100ParallelSameKey_OneReceipt()
    {
        var election = await NewElectionAsync();
        var client = election.Delegate(await election.ImportOneAsync());
        await election.PhaseAsync("open", "cat-a");
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var votes = Enumerable.Range(0, 100).Select(async _ =>
        {
            await start.Task;
            return await election.VoteAsync(client, "cat-a", "fin-a2", "same-key");
        }).ToList();
        start.SetResult();
        var responses = await Task.WhenAll(votes).WaitAsync(LoadTimeout);
        var receipts = new HashSet<string?>();
        foreach (var response in responses)
        {
            receipts.Add((await TestElection.ReadJsonAsync(response)).GetProperty("receipt").GetString());
        }

        var audit = await election.AuditOfAsync("cat-a");

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(receipts);
        Assert.NotNull(receipts.Single());
        Assert.Equal(1, audit.GetProperty("ledgerBallots").GetInt64());
    }

    [Fact]
    public async Task Close_RacingVotes_CountsExactlyAcknowledged()
    {
        const int delegates = 60;
        var election = await NewElectionAsync();
        var ids = Enumerable.Range(0, delegates).Select(i => $"race-{i}").ToArray();
        var tokens = await election.ImportAsync(ids);
        await election.PhaseAsync("open", "cat-a");
        var clients = ids.Select(id => election.Delegate(tokens[id])).ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstAccepted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var chosen = new ConcurrentDictionary<string, string>();

        var votes = Enumerable.Range(0, delegates).Select(async i =>
        {
            await start.Task;
            var finalistId = $"fin-a{1 + i % 3}";
            var response = await election.VoteAsync(clients[i], "cat-a", finalistId, $"race-key-{i}");
            if (response.StatusCode == HttpStatusCode.Created)
            {
                var receipt = (await TestElection.ReadJsonAsync(response)).GetProperty("receipt").GetString()!;
                chosen[receipt] = finalistId;
                firstAccepted.TrySetResult();
            }

            return response;
        }).ToList();
        start.SetResult();

        // Close as soon as one vote is acknowledged, while the others are still in flight.
        await Task.WhenAny(firstAccepted.Task, Task.WhenAll(votes)).WaitAsync(LoadTimeout);
        var close = await election.ChangePhaseAsync("close", "cat-a");
        var responses = await Task.WhenAll(votes).WaitAsync(LoadTimeout);
        var afterClose = await election.VoteAsync(clients[0], "cat-a", "fin-a1", "after-close");
        await election.PhaseAsync("publish", "cat-a");
        var audit = await election.AuditOfAsync("cat-a");
        var published = TestElection.FindById(await election.GetJsonAsync(election.Anonymous, "/results"), "cat-a");
        var acknowledged = responses.Count(r => r.StatusCode == HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        Assert.True(acknowledged >= 1);
        foreach (var rejected in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await ProblemAssert.IsProblemAsync(rejected, HttpStatusCode.Conflict, "category-not-open");
        }

        Assert.True(afterClose.StatusCode is HttpStatusCode.Conflict, $"after close: {(int)afterClose.StatusCode}");
        Assert.Equal(acknowledged, audit.GetProperty("ledgerBallots").GetInt64());
        Assert.Equal(acknowledged, audit.GetProperty("ledgerSignIns").GetInt64());
        Assert.True(audit.GetProperty("matches").GetBoolean(), audit.GetRawText());
        Assert.Equal(acknowledged, published.GetProperty("ballots").GetInt64());
        Assert.Equal(acknowledged, SumOfVotes(published));
        foreach (var finalistId in TestBallots.Finalists["cat-a"])
        {
            Assert.Equal(chosen.Values.Count(f => f == finalistId), VotesFor(published, finalistId));
        }
    }

    [Fact]
    public async Task Vote_ManyDelegatesParallel_TotalsEqualBallots()
    {
        const int delegates = 80;
        var election = await NewElectionAsync();
        var ids = Enumerable.Range(0, delegates).Select(i => $"burst-{i}").ToArray();
        var tokens = await election.ImportAsync(ids);
        await election.PhaseAsync("open");
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var votes = ids.SelectMany((id, i) => new[] { ("cat-a", $"fin-a{1 + i % 3}"), ("cat-b", $"fin-b{1 + i % 2}") }
            .Select(async vote =>
            {
                await start.Task;
                return await election.VoteAsync(tokens[id], vote.Item1, vote.Item2);
            })).ToList();
        start.SetResult();
        var responses = await Task.WhenAll(votes).WaitAsync(LoadTimeout);
        await election.PhaseAsync("publish");
        var results = await election.GetJsonAsync(election.Anonymous, "/results");
        var audit = await election.AuditAsync();

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        foreach (var categoryId in TestBallots.Finalists.Keys)
        {
            var published = TestElection.FindById(results, categoryId);
            var audited = TestElection.FindById(audit, categoryId);
            Assert.Equal(delegates, published.GetProperty("ballots").GetInt64());
            Assert.Equal(delegates, SumOfVotes(published));
            Assert.Equal(delegates, audited.GetProperty("ledgerBallots").GetInt64());
            Assert.True(audited.GetProperty("matches").GetBoolean(), audited.GetRawText());
        }
    }

    private static long SumOfVotes(JsonElement category) =>
        category.GetProperty("finalists").EnumerateArray().Sum(f => f.GetProperty("votes").GetInt64());

    private static long VotesFor(JsonElement category, string finalistId) =>
        category.GetProperty("finalists").EnumerateArray()
            .Single(f => f.GetProperty("id").GetString() == finalistId).GetProperty("votes").GetInt64();
}
