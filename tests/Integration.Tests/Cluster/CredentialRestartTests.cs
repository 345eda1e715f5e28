using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace Voting.Integration.Tests.Cluster;

/// <summary>
/// A reissued credential across a restart. The credential version lives in the delegate grain's
/// state on PostgreSQL, so a revoked token must stay revoked when the silo starts from the database.
/// </summary>
public sealed class CredentialRestartTests(ClusterDatabaseFixture fixture, ITestOutputHelper output)
    : ClusterTest(output), IClassFixture<ClusterDatabaseFixture>
{
    private const string CategoryId = "cat-a";
    private const string Reissued = "d-lost-badge";
    private const string Untouched = "d-kept-badge";

    [PostgresFact]
    public async Task ReissuedCredential_AfterRestart_OldTokenRejected()
    {
        var identity = ClusterIdentity.Create(fixture.Database);
        var electionId = ElectionApi.NewElectionId();
        string operatorToken;
        Dictionary<string, string> tokens;
        string newToken;

        await using (var host = await StartHostAsync(identity))
        {
            operatorToken = host.IssueOperatorToken();
            using var api = new ElectionApi(host, electionId, operatorToken);
            await api.DefineBallotAsync(new Dictionary<string, string[]> { [CategoryId] = ["fin-1", "fin-2"] });
            tokens = await api.ImportDelegatesAsync([Reissued, Untouched]);
            await api.ChangePhaseAsync("open", CategoryId);

            var reissue = await ReissueAsync(api, Reissued);
            Assert.Equal(2, reissue.GetProperty("credentialVersion").GetInt32());
            newToken = reissue.GetProperty("token").GetString()!;
            await AssertRevokedAsync(api, tokens[Reissued]);
        }

        await using (var host = await StartHostAsync(identity))
        {
            using var api = new ElectionApi(host, electionId, operatorToken);
            await AssertRevokedAsync(api, tokens[Reissued]);
            var vote = await api.VoteAsync(tokens[Reissued], CategoryId, "fin-1", "old-token-vote");
            Assert.Equal(HttpStatusCode.Unauthorized, vote.Status);
            Assert.Equal("invalid-credential", vote.ProblemType);

            var status = await api.StatusOfAsync(newToken);
            Assert.Equal(Reissued, status.GetProperty("delegateId").GetString());
            await api.VoteAcceptedAsync(Reissued, newToken, CategoryId, "fin-1");
            await api.VoteAcceptedAsync(Untouched, tokens[Untouched], CategoryId, "fin-2");

            // A further reissue continues from the stored version instead of starting again at 1.
            Assert.Equal(3, (await ReissueAsync(api, Reissued)).GetProperty("credentialVersion").GetInt32());
            await AssertRevokedAsync(api, newToken);
        }
    }

    private static async Task<JsonElement> ReissueAsync(ElectionApi api, string delegateId)
    {
        using var response = await api.Operator.PostAsync($"{api.Path}/delegates/{delegateId}/credential", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Reissue of {delegateId}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static async Task AssertRevokedAsync(ElectionApi api, string token)
    {
        using var response = await api.Client(token).GetAsync($"{api.Path}/me");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"GET /me with a revoked token: {(int)response.StatusCode} {body}");
        Assert.Contains("revoked", body);
    }
}
