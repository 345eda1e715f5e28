using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Net.Http.Headers;
using Voting.Api.Admission;
using Voting.Api.Credentials;
using Voting.Api.Observability;
using Voting.Api.Problems;
using Voting.Api.Requests;
using Voting.Grains.Interfaces;
using Voting.Grains.Interfaces.Ballots;
using Voting.Grains.Interfaces.Voting;

namespace Voting.Api.Voting;

/// <summary>The delegates' endpoints: the ballot, their own status, and casting a vote.</summary>
public static partial class VotingEndpoints
{
    private static readonly JsonSerializerOptions BallotJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static IEndpointRouteBuilder MapVotingApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/elections/{electionId}").WithTags("Voting");
        group.MapGet("", GetBallotAsync).WithName("GetBallot");
        group.MapGet("/me", GetMyStatusAsync).WithName("GetMyStatus");
        group.MapPost("/categories/{categoryId}/votes", CastVoteAsync).WithName("CastVote")
            .RequireRateLimiting(AdmissionControl.VotePolicy)
            .AddEndpointFilter(DelegateRateLimiter.FilterAsync);
        return app;
    }

    private static async Task<IResult> GetBallotAsync(string electionId, HttpContext context, IGrainFactory grains)
    {
        var (snapshot, problem) = await RouteIds.FindElectionAsync(grains, electionId);
        if (snapshot is null)
        {
            return problem!;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(BallotResponse.From(snapshot), BallotJson);
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..32]}\"";
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = "no-cache";
        var ifNoneMatch = context.Request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0 && EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)
            && tags.Any(t => t.Tag == etag || t.Tag == "*"))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(body, "application/json");
    }

    private static async Task<IResult> GetMyStatusAsync(string electionId, HttpContext context, IGrainFactory grains)
    {
        var (credential, problem) = await BearerCredentials.ReadDelegateAsync(context, electionId);
        if (credential is null)
        {
            return problem!;
        }

        var (snapshot, missing) = await RouteIds.FindElectionAsync(grains, electionId);
        if (snapshot is null)
        {
            return missing!;
        }

        var status = await grains.GetGrain<IDelegateGrain>(GrainKeys.Compose(electionId, credential.DelegateId))
            .GetStatusAsync(credential.Version);
        if (!status.Registered || !status.CredentialCurrent)
        {
            return Problem.InvalidCredential(status.Registered
                ? "This credential was revoked when a new one was issued; use the newest credential."
                : "This delegate is not registered for this election.");
        }

        var categories = snapshot.Ballot.Categories
            .Select(c => new DelegateCategoryStatus(c.Id, snapshot.PhaseOf(c.Id).ToString(),
                status.VotedCategories.Contains(c.Id)))
            .ToList();
        return TypedResults.Ok(new DelegateStatusResponse(electionId, credential.DelegateId, status.DisplayName, categories));
    }

    private static async Task<IResult> CastVoteAsync(string electionId, string categoryId, HttpContext context,
        IGrainFactory grains, ILoggerFactory loggers, VoteMetrics metrics)
    {
        var started = Stopwatch.GetTimestamp();
        var (credential, problem) = await BearerCredentials.ReadDelegateAsync(context, electionId);
        if (credential is null)
        {
            return problem!;
        }

        var key = context.Request.Headers[IdempotencyKey.HeaderName];
        if (key.Count == 0 || string.IsNullOrEmpty(key[0]))
        {
            return Problem.Of(StatusCodes.Status400BadRequest, ProblemTypes.MissingIdempotencyKey,
                "Idempotency-Key missing.", "Send an Idempotency-Key header, new for each vote and reused on its retries.");
        }

        if (key.Count > 1 || !IdempotencyKey.IsValid(key[0]!))
        {
            return Problem.Of(StatusCodes.Status400BadRequest, ProblemTypes.InvalidIdempotencyKey,
                "Idempotency-Key invalid.", $"The Idempotency-Key header must be one value of 1 to {IdempotencyKey.MaxLength} printable ASCII characters.");
        }

        var (request, bodyProblem) = await RequestBody.ReadJsonAsync<VoteRequest>(context.Request, StrictJson.Options);
        if (request is null)
        {
            return bodyProblem!;
        }

        if (string.IsNullOrEmpty(request.FinalistId) || !Identifiers.IsValid(request.FinalistId))
        {
            return Problem.Validation("finalistId is missing or malformed.",
                [new FieldError("$.finalistId", $"must be 1 to {Identifiers.MaxLength} characters from [A-Za-z0-9._-]")]);
        }

        if (!Identifiers.IsValid(categoryId))
        {
            return Problem.CategoryNotFound(electionId, RouteIds.Shorten(categoryId));
        }

        var command = new VoteCommand(credential.Version, categoryId, request.FinalistId, key[0]!);
        var logger = loggers.CreateLogger("Voting.Api.Votes");
        var grain = grains.GetGrain<IDelegateGrain>(GrainKeys.Compose(electionId, credential.DelegateId));
        var outcome = await VoteRetryPolicy.CastAsync(grain, command, logger, context.RequestAborted);
        metrics.RecordVote(outcome.Status, Stopwatch.GetElapsedTime(started));
        LogVote(logger, electionId, categoryId, outcome.Status);
        return VoteOutcomes.ToResult(outcome, electionId, categoryId, request.FinalistId, context.Response);
    }

    // Per-vote detail goes to Debug, and never names the delegate's finalist.
    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug, Message = "Vote in {ElectionId}/{CategoryId}: {Status}")]
    private static partial void LogVote(ILogger logger, string electionId, string categoryId, VoteStatus status);
}
