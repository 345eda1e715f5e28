using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace Voting.LoadTests.Http;

/// <summary>Raised when an operator or setup request gets an unexpected status.</summary>
public sealed class ApiRequestException(string message) : Exception(message);

/// <summary>Typed calls to the operator and public read endpoints that set up and check a run.</summary>
public sealed class OperatorApi(HttpClient http, string operatorToken)
{
    private const int ImportBatchSize = 100_000;

    public async Task PutBallotAsync(BallotDocument ballot, CancellationToken cancellationToken)
    {
        using var request = Create(HttpMethod.Put, ElectionPath(ballot.ElectionId));
        request.Content = JsonContent.Create(ballot, options: ApiJson.Options);
        await SendAsync(request, cancellationToken);
    }

    /// <summary>Imports delegates and returns the credentials the API issued, in batches the API accepts.</summary>
    public async Task<List<DelegateCredential>> ImportDelegatesAsync(
        string electionId, IReadOnlyList<string> delegateIds, CancellationToken cancellationToken)
    {
        var credentials = new List<DelegateCredential>(delegateIds.Count);
        for (var start = 0; start < delegateIds.Count; start += ImportBatchSize)
        {
            var csv = new StringBuilder("delegateId,displayName,organisation\n");
            foreach (var id in delegateIds.Skip(start).Take(ImportBatchSize))
            {
                csv.Append(id).Append(",Load test delegate ").Append(id).Append(",loadtest\n");
            }

            using var request = Create(HttpMethod.Post, ElectionPath(electionId) + "/delegates");
            request.Content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
            var body = await SendAsync(request, cancellationToken);
            using var reader = new StringReader(body);
            credentials.AddRange(CsvFields.ReadCredentials(reader, "delegate import response"));
        }

        return credentials;
    }

    public async Task OpenElectionAsync(string electionId, CancellationToken cancellationToken)
    {
        using var request = Create(HttpMethod.Post, ElectionPath(electionId) + "/open");
        await SendAsync(request, cancellationToken);
    }

    public Task<BallotDocument> GetBallotAsync(string electionId, CancellationToken cancellationToken) =>
        GetJsonAsync<BallotDocument>(ElectionPath(electionId), cancellationToken);

    public Task<TurnoutDocument> GetTurnoutAsync(string electionId, CancellationToken cancellationToken) =>
        GetJsonAsync<TurnoutDocument>(ElectionPath(electionId) + "/turnout", cancellationToken);

    public Task<ResultsDocument> GetResultsAsync(string electionId, CancellationToken cancellationToken) =>
        GetJsonAsync<ResultsDocument>(ElectionPath(electionId) + "/results", cancellationToken);

    public Task<AuditDocument> GetAuditAsync(string electionId, CancellationToken cancellationToken) =>
        GetJsonAsync<AuditDocument>(ElectionPath(electionId) + "/audit", cancellationToken);

    private static string ElectionPath(string electionId) => "api/elections/" + Uri.EscapeDataString(electionId);

    private HttpRequestMessage Create(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorToken);
        return request;
    }

    private async Task<T> GetJsonAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var request = Create(HttpMethod.Get, path);
        var body = await SendAsync(request, cancellationToken);
        return System.Text.Json.JsonSerializer.Deserialize<T>(body, ApiJson.Options)
            ?? throw new ApiRequestException($"GET {path} returned an empty JSON body.");
    }

    private async Task<string> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var hint = response.StatusCode == HttpStatusCode.Unauthorized
                ? " Check the operator token (--operator-token) matches the API's signing key."
                : "";
            throw new ApiRequestException(
                $"{request.Method} {request.RequestUri} failed with {(int)response.StatusCode}: {Truncate(body)}.{hint}");
        }

        return body;
    }

    private static string Truncate(string body) => body.Length <= 500 ? body : body[..500] + "…";
}
