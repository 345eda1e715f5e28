using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Voting.LoadTests.Http;

namespace Voting.LoadTests.Tests;

/// <summary>
/// An in-memory stand-in for the voting API's HTTP contract, hosted on a test server, so the harness can be run
/// end to end without the product. Faults can be switched on to prove the harness notices them.
/// </summary>
internal sealed class FakeVotingApi : IAsyncDisposable
{
    public const string OperatorToken = "operator-token";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, BallotDocument> _ballots = [];
    private readonly Dictionary<string, string> _delegateByToken = [];
    private readonly Dictionary<(string Delegate, string Category), (string Key, string Finalist, string Receipt)> _votes = [];
    private readonly Dictionary<(string Category, string Finalist), long> _ledger = [];
    private readonly HashSet<string> _openElections = [];
    private readonly HashSet<string> _overloadedOnce = [];
    private WebApplication? _app;
    private long _acknowledged;

    /// <summary>Acknowledges every Nth vote without recording it, to simulate a lost vote.</summary>
    public int LoseEveryNthVote { get; init; }

    /// <summary>Answers the first send of every Nth idempotency key with 503 and <c>Retry-After: 0</c>.</summary>
    public int OverloadEveryNthKey { get; init; }

    public HttpMessageHandler CreateHandler() => _app!.GetTestServer().CreateHandler();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        _app = builder.Build();
        var election = _app.MapGroup("/api/elections/{electionId}");
        election.MapPut("", PutBallotAsync);
        election.MapGet("", (string electionId) => Results.Json(_ballots[electionId]));
        election.MapPost("/delegates", ImportAsync);
        election.MapPost("/open", (string electionId, HttpContext context) =>
            Operator(context, () => { lock (_lock) { _openElections.Add(electionId); } return Results.Ok(new { electionId }); }));
        election.MapPost("/categories/{categoryId}/votes", VoteAsync);
        election.MapGet("/turnout", Turnout);
        election.MapGet("/results", (string electionId, HttpContext context) => Operator(context, () => Tallies(electionId)));
        election.MapGet("/audit", (string electionId, HttpContext context) => Operator(context, () => Audit(electionId)));
        await _app.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private static IResult Operator(HttpContext context, Func<IResult> action) =>
        context.Request.Headers.Authorization == "Bearer " + OperatorToken ? action() : Problem(401, "unauthorized");

    private static IResult Problem(int status, string type) =>
        Results.Json(new { type = "https://fake.test/problems/" + type, title = type, status }, statusCode: status,
            contentType: "application/problem+json");

    private async Task<IResult> PutBallotAsync(string electionId, HttpContext context)
    {
        var ballot = await JsonSerializer.DeserializeAsync<BallotDocument>(context.Request.Body, ApiJson.Options);
        return Operator(context, () =>
        {
            lock (_lock)
            {
                _ballots[electionId] = ballot!;
            }

            return Results.Created($"/api/elections/{electionId}", ballot);
        });
    }

    private async Task<IResult> ImportAsync(string electionId, HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return Operator(context, () =>
        {
            var csv = new StringBuilder("delegateId,token,votingUrl\n");
            lock (_lock)
            {
                foreach (var line in lines.Skip(1))
                {
                    var id = line.Split(',')[0];
                    var token = $"{electionId}.{id}.{Guid.NewGuid():N}";
                    _delegateByToken[token] = id;
                    csv.Append(id).Append(',').Append(token).Append(",\"http://fake.test/vote#t=").Append(token).Append("\"\n");
                }
            }

            return Results.Text(csv.ToString(), "text/csv");
        });
    }

    private async Task<IResult> VoteAsync(string electionId, string categoryId, HttpContext context)
    {
        var body = await JsonDocument.ParseAsync(context.Request.Body);
        var finalist = body.RootElement.GetProperty("finalistId").GetString()!;
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        var bearer = context.Request.Headers.Authorization.ToString();
        lock (_lock)
        {
            if (!bearer.StartsWith("Bearer ", StringComparison.Ordinal) || !_delegateByToken.TryGetValue(bearer[7..], out var delegateId))
            {
                return Problem(401, "invalid-credential");
            }

            if (!_openElections.Contains(electionId))
            {
                return Problem(409, "category-not-open");
            }

            if (_votes.TryGetValue((delegateId, categoryId), out var recorded))
            {
                return recorded.Key != key ? Problem(409, "already-voted")
                    : recorded.Finalist != finalist ? Problem(422, "idempotency-key-reused")
                    : Results.Json(new { receipt = recorded.Receipt, status = "recorded" }, statusCode: 201);
            }

            if (OverloadEveryNthKey > 0 && Math.Abs(key.GetHashCode()) % OverloadEveryNthKey == 0 && _overloadedOnce.Add(key))
            {
                context.Response.Headers.RetryAfter = "0";
                return Problem(503, "overloaded");
            }

            var receipt = Guid.NewGuid().ToString("N");
            _votes[(delegateId, categoryId)] = (key, finalist, receipt);
            _acknowledged++;
            if (LoseEveryNthVote == 0 || _acknowledged % LoseEveryNthVote != 0)
            {
                _ledger[(categoryId, finalist)] = _ledger.GetValueOrDefault((categoryId, finalist)) + 1;
            }

            return Results.Json(new { receipt, status = "recorded" }, statusCode: 201);
        }
    }

    private IResult Turnout(string electionId)
    {
        lock (_lock)
        {
            var categories = _ballots[electionId].Categories
                .Select(category => new TurnoutCategory(category.Id, Phase(electionId), Ballots(category)))
                .ToList();
            return Results.Json(new TurnoutDocument(electionId, _delegateByToken.Count, categories));
        }
    }

    private IResult Tallies(string electionId)
    {
        lock (_lock)
        {
            var categories = _ballots[electionId].Categories.Select(category => new ResultsCategory(
                category.Id, Phase(electionId), Ballots(category), null,
                category.Finalists.Select(f => new ResultsFinalist(f.Id, _ledger.GetValueOrDefault((category.Id, f.Id)))).ToList()));
            return Results.Json(new ResultsDocument(electionId, categories.ToList()));
        }
    }

    private IResult Audit(string electionId)
    {
        lock (_lock)
        {
            var categories = _ballots[electionId].Categories.Select(category =>
            {
                var ballots = Ballots(category);
                var finalists = category.Finalists.Select(f =>
                {
                    var count = _ledger.GetValueOrDefault((category.Id, f.Id));
                    return new AuditFinalist(f.Id, count, count);
                }).ToList();
                return new AuditCategory(category.Id, Phase(electionId), ballots, ballots, ballots, true, "digest", finalists);
            });
            return Results.Json(new AuditDocument(electionId, categories.ToList()));
        }
    }

    private string Phase(string electionId) => _openElections.Contains(electionId) ? "Open" : "Scheduled";

    private long Ballots(BallotCategory category) =>
        category.Finalists.Sum(f => _ledger.GetValueOrDefault((category.Id, f.Id)));
}
