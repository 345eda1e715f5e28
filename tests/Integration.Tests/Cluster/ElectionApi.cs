using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Voting.Integration.Tests.Cluster;

/// <summary>A vote the Api acknowledged with 201, and the receipt it returned.</summary>
public sealed record AcknowledgedVote(string DelegateId, string CategoryId, string FinalistId, string Key,
    string Receipt);

/// <summary>The response to one vote request: status, last segment of the problem type (4xx) and receipt (2xx).</summary>
public sealed record VoteResult(HttpStatusCode Status, string? ProblemType, string? Receipt, string Body);

/// <summary>
/// Drives one election over HTTP through one host, as operators and delegates would: a ballot
/// PUT, a CSV import of delegates, operator phase changes and delegates' votes.
/// </summary>
public sealed class ElectionApi(PostgresApiHost host, string electionId, string operatorToken) : IDisposable
{
    private readonly ConcurrentDictionary<string, HttpClient> _clientsByToken = new(StringComparer.Ordinal);

    public string ElectionId { get; } = electionId;

    public string Path => $"/api/elections/{ElectionId}";

    public HttpClient Operator => Client(operatorToken);

    public HttpClient Anonymous => Client("");

    public static string NewElectionId() => $"e-{Guid.NewGuid():N}"[..16];

    /// <summary>Returns this host's client for a bearer token (an empty token sends no Authorization header).</summary>
    public HttpClient Client(string token) =>
        _clientsByToken.GetOrAdd(token, t => host.CreateClient(t.Length == 0 ? null : t));

    /// <summary>PUTs a ballot whose categories have the given finalist ids, and asserts 201.</summary>
    public async Task DefineBallotAsync(IReadOnlyDictionary<string, string[]> finalistsByCategory)
    {
        var categories = new JsonArray();
        foreach (var (categoryId, finalistIds) in finalistsByCategory)
        {
            var finalists = new JsonArray();
            foreach (var finalistId in finalistIds)
            {
                finalists.Add(new JsonObject
                {
                    ["id"] = finalistId,
                    ["name"] = $"Finalist {finalistId}",
                    ["projects"] = new JsonArray(new JsonObject
                    {
                        ["title"] = $"Project of {finalistId}",
                        ["summary"] = "A project for the integration tests.",
                    }),
                });
            }

            categories.Add(new JsonObject
            {
                ["id"] = categoryId,
                ["title"] = $"Category {categoryId}",
                ["finalists"] = finalists,
            });
        }

        var ballot = new JsonObject { ["electionId"] = ElectionId, ["title"] = "Restart test", ["categories"] = categories };
        var response = await Operator.PutAsync(Path, new StringContent(ballot.ToJsonString(), Encoding.UTF8, "application/json"));
        await AssertStatusAsync(HttpStatusCode.Created, response, "PUT ballot");
    }

    /// <summary>Imports delegates from a CSV file and returns each one's token by delegate id.</summary>
    public async Task<Dictionary<string, string>> ImportDelegatesAsync(IEnumerable<string> delegateIds)
    {
        var csv = new StringBuilder("delegateId,displayName,organisation\n");
        foreach (var delegateId in delegateIds)
        {
            csv.Append(delegateId).Append(",Delegate ").Append(delegateId).Append(",Test org\n");
        }

        var content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
        var response = await Operator.PostAsync($"{Path}/delegates", content);
        await AssertStatusAsync(HttpStatusCode.OK, response, "POST delegates");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("delegateId,token,votingUrl", lines[0]);
        return lines.Skip(1).Select(line => line.Split(','))
            .ToDictionary(fields => fields[0], fields => fields[1], StringComparer.Ordinal);
    }

    /// <summary>POSTs open, close or publish for one category and asserts 200.</summary>
    public async Task ChangePhaseAsync(string action, string categoryId)
    {
        var response = await Operator.PostAsync($"{Path}/categories/{categoryId}/{action}", null);
        await AssertStatusAsync(HttpStatusCode.OK, response, $"{action} {categoryId}");
    }

    public async Task<VoteResult> VoteAsync(string token, string categoryId, string finalistId, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Path}/categories/{categoryId}/votes")
        {
            Content = JsonContent.Create(new { finalistId }),
        };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await Client(token).SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        string? problemType = null;
        string? receipt = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            problemType = JsonDocument.Parse(body).RootElement.GetProperty("type").GetString()?.Split(':').Last();
        }
        else if (JsonDocument.Parse(body).RootElement.TryGetProperty("receipt", out var receiptElement))
        {
            receipt = receiptElement.GetString();
        }

        return new VoteResult(response.StatusCode, problemType, receipt, body);
    }

    /// <summary>Casts a vote with a new key, asserts 201 and returns it with its receipt.</summary>
    public async Task<AcknowledgedVote> VoteAcceptedAsync(string delegateId, string token, string categoryId,
        string finalistId)
    {
        var key = Guid.NewGuid().ToString("N");
        var result = await VoteAsync(token, categoryId, finalistId, key);
        Assert.True(result.Status == HttpStatusCode.Created,
            $"Vote of {delegateId} in {categoryId}: {(int)result.Status} {result.Body}");
        Assert.NotNull(result.Receipt);
        return new AcknowledgedVote(delegateId, categoryId, finalistId, key, result.Receipt);
    }

    public async Task<JsonElement> GetJsonAsync(HttpClient client, string relativePath)
    {
        using var response = await client.GetAsync(Path + relativePath);
        await AssertStatusAsync(HttpStatusCode.OK, response, $"GET {relativePath}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    public Task<JsonElement> BallotAsync() => GetJsonAsync(Anonymous, "");

    public Task<JsonElement> TurnoutAsync() => GetJsonAsync(Anonymous, "/turnout");

    public Task<JsonElement> AuditAsync() => GetJsonAsync(Operator, "/audit");

    public Task<JsonElement> PublicResultsAsync() => GetJsonAsync(Anonymous, "/results");

    public Task<JsonElement> StatusOfAsync(string token) => GetJsonAsync(Client(token), "/me");

    /// <summary>Returns the element of <c>categories</c> whose <c>id</c> is <paramref name="categoryId"/>.</summary>
    public static JsonElement Category(JsonElement document, string categoryId) =>
        document.GetProperty("categories").EnumerateArray()
            .Single(category => category.GetProperty("id").GetString() == categoryId);

    public void Dispose()
    {
        foreach (var client in _clientsByToken.Values)
        {
            client.Dispose();
        }
    }

    private static async Task AssertStatusAsync(HttpStatusCode expected, HttpResponseMessage response, string request)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail($"{request}: expected {(int)expected}, got {(int)response.StatusCode} {body}");
        }
    }
}
