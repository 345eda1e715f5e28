using System.Net;
using Voting.Api.Tests.Infrastructure;

namespace Voting.Api.Tests;

public sealed class SecrecyTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task Logs_NeverPairDelegateWithChoice()
    {
        var election = await NewElectionAsync();
        var ids = Enumerable.Range(0, 6).Select(i => $"sec{i}-{Guid.NewGuid():N}"[..20]).ToArray();
        var tokens = await election.ImportAsync(ids);
        await election.PhaseAsync("open");
        var receipts = new List<string>();
        for (var i = 0; i < ids.Length; i++)
        {
            receipts.Add(await election.VoteAcceptedAsync(tokens[ids[i]], "cat-a", $"fin-a{1 + i % 3}"));
        }

        // Rejected and retried votes log too: replay, already voted, reused key, unknown finalist.
        var client = election.Delegate(tokens[ids[0]]);
        await election.VoteAsync(client, "cat-b", "fin-b2", "secrecy-key");
        await election.VoteAsync(client, "cat-b", "fin-b2", "secrecy-key");
        await election.VoteAsync(client, "cat-b", "fin-b1", "secrecy-key");
        await election.VoteAsync(client, "cat-b", "fin-b1", "other-key");
        await election.VoteAsync(client, "cat-a", "fin-zz", "unknown-finalist");
        var reissue = await election.Operator.PostAsync($"{election.Path}/delegates/{ids[1]}/credential", null);
        Fixture.RememberToken((await TestElection.ReadJsonAsync(reissue)).GetProperty("token").GetString()!);
        await election.VoteAsync(tokens[ids[1]], "cat-b", "fin-b1");
        await election.PhaseAsync("publish");
        var lines = Fixture.Logs.Lines;

        string[] choices = [.. TestBallots.Finalists.Values.SelectMany(f => f), "fin-zz", .. receipts];
        var pairing = lines.Where(line => ids.Any(line.Contains) && choices.Any(line.Contains)).ToList();
        var withToken = lines.Where(line => tokens.Values.Any(t => line.Contains(t[(t.LastIndexOf('.') + 1)..])))
            .ToList();
        Assert.Equal(HttpStatusCode.OK, reissue.StatusCode);
        Assert.Contains(lines, line => line.Contains(election.Id));
        Assert.Empty(pairing);
        Assert.Empty(withToken);
    }
}
