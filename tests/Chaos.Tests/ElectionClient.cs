using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Voting.Chaos.Tests;

/// <summary>A category of the test ballot and the ids of its finalists.</summary>
public sealed record TestCategory(string Id, IReadOnlyList<string> FinalistIds);

/// <summary>A delegate imported for a test and its bearer credential.</summary>
public sealed record TestDelegate(string Id, string Token);

/// <summary>The operator calls a chaos test makes: define the ballot, import delegates, open, close, publish, read.</summary>
public sealed class ElectionClient(Uri apiUrl, string operatorToken, string electionId) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(apiUrl, $"api/elections/{electionId}/"), Timeout = TimeSpan.FromSeconds(60) };

    public string ElectionId { get; } = electionId;

    /// <summary>Defines the election with the categories and finalists of samples/prix-innovation-2025.json.</summary>
    public async Task<IReadOnlyList<TestCategory>> DefineBallotAsync()
    {
        var sample = Path.Combine(ChaosEnvironment.RepositoryRoot, "samples", "prix-innovation-2025.json");
        var ballot = JsonNode.Parse(await File.ReadAllTextAsync(sample))!.AsObject();
        ballot["electionId"] = ElectionId;
        using var request = Operator(HttpMethod.Put, "");
        request.Content = new StringContent(ballot.ToJsonString(), Encoding.UTF8, "application/json");
        await SendAsync(request);
        return ballot["categories"]!.AsArray()
            .Select(c => new TestCategory(c!["id"]!.GetValue<string>(),
                c["finalists"]!.AsArray().Select(f => f!["id"]!.GetValue<string>()).ToList()))
            .ToList();
    }

    public async Task<IReadOnlyList<TestDelegate>> ImportDelegatesAsync(int count)
    {
        var csv = new StringBuilder("delegateId,displayName,organisation\n");
        for (var i = 1; i <= count; i++)
        {
            csv.Append($"D-{i:D5},Delegate {i},Chaos\n");
        }

        using var request = Operator(HttpMethod.Post, "delegates");
        request.Content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
        var body = await SendAsync(request);
        return body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Split(','))
            .Select(fields => new TestDelegate(fields[0], fields[1]))
            .ToList();
    }

    public Task OpenAsync() => PostAsync("open");

    public Task CloseAsync() => PostAsync("close");

    public Task PublishAsync() => PostAsync("publish");

    /// <summary>Returns the ballots per category of the published results.</summary>
    public async Task<Dictionary<string, long>> ReadPublishedBallotsAsync()
    {
        var results = JsonNode.Parse(await _http.GetStringAsync("results"))!;
        return results["categories"]!.AsArray()
            .ToDictionary(c => c!["id"]!.GetValue<string>(), c => c!["ballots"]!.GetValue<long>());
    }

    /// <summary>True when the public receipt check finds the receipt in a published ballot box.</summary>
    public async Task<bool> IsReceiptPublishedAsync(string receipt)
    {
        using var response = await _http.GetAsync($"receipts/{receipt}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["found"]!.GetValue<bool>();
    }

    /// <summary>
    /// Sends an operator request, retrying a 503 a few times as an operator would: right after a
    /// fault the first calls may meet a stale database connection and get a retryable error.
    /// </summary>
    private async Task PostAsync(string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = Operator(HttpMethod.Post, path);
            using var response = await _http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 5)
            {
                var body = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode)
                {
                    throw new HttpRequestException($"POST {path} returned {(int)response.StatusCode}: {body}");
                }

                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(attempt));
        }
    }

    private HttpRequestMessage Operator(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorToken);
        return request;
    }

    private async Task<string> SendAsync(HttpRequestMessage request)
    {
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? body
            : throw new HttpRequestException($"{request.Method} {request.RequestUri} returned {(int)response.StatusCode}: {body}");
    }

    public void Dispose() => _http.Dispose();
}
