using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Voting.Browser.Tests.Infrastructure;

/// <summary>
/// HTTP calls the tests make around the browser: each test defines its own election from the
/// sample ballot, so phase changes in one test cannot affect another.
/// </summary>
public sealed class ElectionApi(HttpClient http, string operatorToken) : IDisposable
{
    public const string SampleElectionId = "prix-innovation-2025";

    public string OperatorToken { get; } = operatorToken;

    /// <summary>Defines a new election with the sample ballot's categories and finalists.</summary>
    public async Task<string> CreateElectionAsync()
    {
        var electionId = $"browser-{Guid.NewGuid():N}"[..24];
        var samplePath = Path.Combine(AppContext.BaseDirectory, "samples", $"{SampleElectionId}.json");
        var ballot = JsonNode.Parse(await File.ReadAllTextAsync(samplePath))!.AsObject();
        ballot["electionId"] = electionId;

        using var request = OperatorRequest(HttpMethod.Put, $"api/elections/{electionId}");
        request.Content = new StringContent(ballot.ToJsonString(), Encoding.UTF8, "application/json");
        await SendAsync(request);
        return electionId;
    }

    /// <summary>Imports delegates and returns each one's credential token by delegate id.</summary>
    public Task<IReadOnlyDictionary<string, string>> ImportDelegatesAsync(string electionId, params string[] delegateIds) =>
        ImportDelegatesAsync(electionId, delegateIds.Select(id => (id, $"Délégué {id}")));

    /// <summary>Imports delegates with the given display names and returns each one's token by delegate id.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ImportDelegatesAsync(
        string electionId, IEnumerable<(string DelegateId, string DisplayName)> delegates)
    {
        var csv = new StringBuilder("delegateId,displayName,organisation\n");
        foreach (var (delegateId, displayName) in delegates)
        {
            csv.Append($"{delegateId},{displayName},Département test\n");
        }

        using var request = OperatorRequest(HttpMethod.Post, $"api/elections/{electionId}/delegates");
        request.Content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
        var response = await SendAsync(request);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Skip(1)
            .Select(line => line.Split(','))
            .ToDictionary(fields => fields[0], fields => fields[1]);
    }

    /// <summary>Sends open, close or publish for one category, or for all when <paramref name="categoryId"/> is null.</summary>
    public async Task ChangePhaseAsync(string electionId, string action, string? categoryId = null)
    {
        var path = categoryId is null
            ? $"api/elections/{electionId}/{action}"
            : $"api/elections/{electionId}/categories/{categoryId}/{action}";
        using var request = OperatorRequest(HttpMethod.Post, path);
        await SendAsync(request);
    }

    /// <summary>Casts a vote directly over HTTP, as another delegate's phone would.</summary>
    public async Task VoteAsync(string electionId, string delegateToken, string categoryId, string finalistId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/elections/{electionId}/categories/{categoryId}/votes");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", delegateToken);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        request.Content = JsonContent.Create(new { finalistId });
        var response = await SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>Returns the finalist ids of each category by category id, in ballot order.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> GetBallotFinalistsAsync(string electionId)
    {
        using var ballot = await http.GetFromJsonAsync<JsonDocument>($"api/elections/{electionId}");
        return ballot!.RootElement.GetProperty("categories").EnumerateArray().ToDictionary(
            c => c.GetProperty("id").GetString()!,
            c => (IReadOnlyList<string>)c.GetProperty("finalists").EnumerateArray()
                .Select(f => f.GetProperty("id").GetString()!).ToList());
    }

    /// <summary>Returns the public ballot count of each category by category id.</summary>
    public async Task<IReadOnlyDictionary<string, long>> GetBallotsAsync(string electionId)
    {
        using var turnout = await http.GetFromJsonAsync<JsonDocument>($"api/elections/{electionId}/turnout");
        return turnout!.RootElement.GetProperty("categories").EnumerateArray()
            .ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("ballots").GetInt64());
    }

    /// <summary>Returns the operator's live vote count per finalist in one category.</summary>
    public async Task<IReadOnlyDictionary<string, long>> GetVotesAsync(string electionId, string categoryId)
    {
        using var request = OperatorRequest(HttpMethod.Get, $"api/elections/{electionId}/results");
        var response = await SendAsync(request);
        using var results = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var category = results.RootElement.GetProperty("categories").EnumerateArray()
            .Single(c => c.GetProperty("id").GetString() == categoryId);
        return category.GetProperty("finalists").EnumerateArray()
            .ToDictionary(f => f.GetProperty("id").GetString()!, f => f.GetProperty("votes").GetInt64());
    }

    public void Dispose() => http.Dispose();

    private HttpRequestMessage OperatorRequest(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OperatorToken);
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new HttpRequestException(
                $"{request.Method} {request.RequestUri} failed with {(int)response.StatusCode}: {body}");
        }

        return response;
    }
}
