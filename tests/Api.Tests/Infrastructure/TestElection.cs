using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Voting.Api.Tests.Infrastructure;

/// <summary>
/// One election with a random id, driven through the HTTP API as an operator and delegates would:
/// the ballot is PUT, delegates come from a CSV import, phases change through operator calls.
/// </summary>
public sealed class TestElection
{
    private readonly ApiFixture _fixture;

    private TestElection(ApiFixture fixture, string id)
    {
        _fixture = fixture;
        Id = id;
        Operator = fixture.CreateOperatorClient();
        Anonymous = fixture.CreateClient();
    }

    public string Id { get; }

    public HttpClient Operator { get; }

    public HttpClient Anonymous { get; }

    public string Path => $"/api/elections/{Id}";

    public static string NewId(string prefix = "e") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 64)];

    /// <summary>Creates an election with <see cref="TestBallots.Create"/> or the given ballot.</summary>
    public static async Task<TestElection> CreateAsync(ApiFixture fixture, Func<string, JsonObject>? ballot = null)
    {
        var election = new TestElection(fixture, NewId());
        var response = await election.PutBallotAsync((ballot ?? TestBallots.Create)(election.Id));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return election;
    }

    public Task<HttpResponseMessage> PutBallotAsync(JsonNode ballot) =>
        Operator.PutAsync(Path, new StringContent(ballot.ToJsonString(), Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> ImportCsvAsync(string csv) => ImportCsvAsync(Encoding.UTF8.GetBytes(csv));

    public Task<HttpResponseMessage> ImportCsvAsync(byte[] csv)
    {
        var content = new ByteArrayContent(csv);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return Operator.PostAsync($"{Path}/delegates", content);
    }

    /// <summary>Imports delegates and returns each one's token, keyed by delegate id.</summary>
    public async Task<Dictionary<string, string>> ImportAsync(params string[] delegateIds)
    {
        var csv = new StringBuilder("delegateId,displayName,organisation\n");
        foreach (var id in delegateIds)
        {
            csv.Append(id).Append(",Delegate ").Append(id).Append(",Test org\n");
        }

        var response = await ImportCsvAsync(csv.ToString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return ParseCredentials(await response.Content.ReadAsStringAsync())
            .ToDictionary(r => r.DelegateId, r => r.Token, StringComparer.Ordinal);
    }

    /// <summary>Imports one delegate and returns its token.</summary>
    public async Task<string> ImportOneAsync(string? delegateId = null) =>
        (await ImportAsync(delegateId ?? NewId("d"))).Values.Single();

    public IReadOnlyList<(string DelegateId, string Token, string VotingUrl)> ParseCredentials(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("delegateId,token,votingUrl", lines[0]);
        var rows = new List<(string, string, string)>();
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(',');
            Assert.Equal(3, fields.Length);
            _fixture.RememberToken(fields[1]);
            rows.Add((fields[0], fields[1], fields[2]));
        }

        return rows;
    }

    public Task<HttpResponseMessage> ChangePhaseAsync(string action, string? categoryId = null) =>
        Operator.PostAsync(categoryId is null ? $"{Path}/{action}" : $"{Path}/categories/{categoryId}/{action}", null);

    /// <summary>Changes a phase and asserts that the operator call succeeded.</summary>
    public async Task PhaseAsync(string action, string? categoryId = null)
    {
        var response = await ChangePhaseAsync(action, categoryId);
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"{action} {categoryId ?? "(all)"}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public HttpClient Delegate(string token)
    {
        _fixture.RememberToken(token);
        return _fixture.CreateClient(token);
    }

    public Task<HttpResponseMessage> VoteAsync(string token, string categoryId, string finalistId, string? key = null) =>
        VoteAsync(Delegate(token), categoryId, finalistId, key ?? Guid.NewGuid().ToString("N"));

    public static Task<HttpResponseMessage> VoteAsync(HttpClient client, string electionPath, string categoryId,
        string finalistId, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{electionPath}/categories/{categoryId}/votes")
        {
            Content = JsonContent.Create(new { finalistId }),
        };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        return client.SendAsync(request);
    }

    public Task<HttpResponseMessage> VoteAsync(HttpClient client, string categoryId, string finalistId, string? key) =>
        VoteAsync(client, Path, categoryId, finalistId, key);

    /// <summary>Casts a vote, asserts 201 and returns the receipt.</summary>
    public async Task<string> VoteAcceptedAsync(string token, string categoryId, string finalistId)
    {
        var response = await VoteAsync(token, categoryId, finalistId);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ReadJsonAsync(response)).GetProperty("receipt").GetString()!;
    }

    public async Task<JsonElement> GetJsonAsync(HttpClient client, string relativePath)
    {
        var response = await client.GetAsync(Path + relativePath);
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"GET {relativePath}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await ReadJsonAsync(response);
    }

    public Task<JsonElement> TurnoutAsync() => GetJsonAsync(Anonymous, "/turnout");

    public Task<JsonElement> AuditAsync() => GetJsonAsync(Operator, "/audit");

    public async Task<int> RegisteredDelegatesAsync() =>
        (await TurnoutAsync()).GetProperty("registeredDelegates").GetInt32();

    public async Task<long> TurnoutBallotsAsync(string categoryId) =>
        FindById(await TurnoutAsync(), categoryId).GetProperty("ballots").GetInt64();

    public async Task<JsonElement> AuditOfAsync(string categoryId) => FindById(await AuditAsync(), categoryId);

    public static JsonElement FindById(JsonElement document, string id) =>
        document.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
