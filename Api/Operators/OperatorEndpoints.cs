using Microsoft.Extensions.Options;
using Voting.Api.Ballots;
using Voting.Api.Credentials;
using Voting.Api.Delegates;
using Voting.Api.Problems;
using Voting.Api.Requests;
using Voting.Api.Voting;
using Voting.Grains.Interfaces;
using Voting.Grains.Interfaces.Ballots;
using Voting.Grains.Interfaces.Tallies;
using Voting.Grains.Interfaces.Voting;

namespace Voting.Api.Operators;

/// <summary>The operators' endpoints: ballot, delegates, credentials, phases and audit.</summary>
public static partial class OperatorEndpoints
{
    private const int RegistrationChunk = 1000;

    public static IEndpointRouteBuilder MapOperatorApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/elections/{electionId}").WithTags("Operators")
            .AddEndpointFilter(async (context, next) =>
                await BearerCredentials.RequireOperatorAsync(context.HttpContext) ?? await next(context));
        group.MapPut("", DefineBallotAsync).WithName("DefineBallot");
        group.MapPost("/delegates", ImportDelegatesAsync).WithName("ImportDelegates");
        group.MapPost("/delegates/{delegateId}/credential", ReissueCredentialAsync).WithName("ReissueCredential");
        group.MapGet("/audit", AuditAsync).WithName("Audit");
        foreach (var (action, phase) in PhaseActions)
        {
            group.MapPost($"/{action}", (string electionId, IGrainFactory grains, ILoggerFactory loggers) =>
                ChangePhaseAsync(electionId, null, phase, grains, loggers)).WithName($"{action}Election");
            group.MapPost($"/categories/{{categoryId}}/{action}",
                (string electionId, string categoryId, IGrainFactory grains, ILoggerFactory loggers) =>
                    ChangePhaseAsync(electionId, categoryId, phase, grains, loggers)).WithName($"{action}Category");
        }

        return app;
    }

    private static readonly (string Action, CategoryPhase Phase)[] PhaseActions =
        [("open", CategoryPhase.Open), ("close", CategoryPhase.Closed), ("publish", CategoryPhase.Published)];

    private static async Task<IResult> DefineBallotAsync(string electionId, HttpContext context, IGrainFactory grains)
    {
        if (!Identifiers.IsValid(electionId))
        {
            return Problem.Validation("The election id in the URL is malformed.",
                [new FieldError("electionId", $"must be 1 to {Identifiers.MaxLength} characters from [A-Za-z0-9._-]")]);
        }

        var (document, problem) = await RequestBody.ReadJsonAsync<BallotDocument>(context.Request, StrictJson.Options);
        if (document is null)
        {
            return problem!;
        }

        var errors = BallotValidator.Validate(document, electionId);
        if (errors.Count > 0)
        {
            return Problem.Validation($"The ballot has {errors.Count} problem(s); nothing was changed.", errors);
        }

        var result = await grains.GetGrain<IElectionGrain>(electionId).DefineAsync(document.ToDefinition());
        return result.Status switch
        {
            BallotChangeStatus.Locked => Problem.Of(StatusCodes.Status409Conflict, ProblemTypes.BallotLocked,
                "Ballot locked.", "The ballot cannot change once a category has opened."),
            BallotChangeStatus.Defined => TypedResults.Created($"/api/elections/{electionId}",
                new { electionId, ballotVersion = result.BallotVersion }),
            _ => TypedResults.Ok(new { electionId, ballotVersion = result.BallotVersion }),
        };
    }

    private static async Task<IResult> ImportDelegatesAsync(string electionId, HttpContext context,
        IGrainFactory grains, CredentialService credentials, IOptions<PublicUrlOptions> urls)
    {
        var (snapshot, missing) = await RouteIds.FindElectionAsync(grains, electionId);
        if (snapshot is null)
        {
            return missing!;
        }

        var (bytes, problem) = await RequestBody.ReadCsvAsync(context.Request);
        if (bytes is null)
        {
            return problem!;
        }

        var (delegates, errors) = DelegateCsv.Parse(bytes);
        if (errors.Count > 0)
        {
            return Problem.Validation($"The delegate file has {errors.Count} problem(s); no delegate was imported.", errors);
        }

        var election = grains.GetGrain<IElectionGrain>(electionId);
        var rows = new List<(string, string, string)>(delegates.Count);
        foreach (var chunk in delegates.Chunk(RegistrationChunk))
        {
            var result = await election.RegisterDelegatesAsync(chunk);
            rows.AddRange(result.Delegates.Select(d =>
            {
                var token = credentials.IssueDelegateToken(electionId, d.DelegateId, d.CredentialVersion);
                return (d.DelegateId, token, urls.Value.VotingUrl(token));
            }));
        }

        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Text(DelegateCsv.WriteCredentials(rows), "text/csv; charset=utf-8");
    }

    private static async Task<IResult> ReissueCredentialAsync(string electionId, string delegateId,
        IGrainFactory grains, CredentialService credentials, IOptions<PublicUrlOptions> urls)
    {
        var (snapshot, missing) = await RouteIds.FindElectionAsync(grains, electionId);
        if (snapshot is null)
        {
            return missing!;
        }

        var version = Identifiers.IsValid(delegateId)
            ? await grains.GetGrain<IDelegateGrain>(GrainKeys.Compose(electionId, delegateId)).ReissueCredentialAsync()
            : null;
        if (version is null)
        {
            return Problem.Of(StatusCodes.Status404NotFound, ProblemTypes.DelegateNotFound, "Delegate not found.",
                $"No delegate '{RouteIds.Shorten(delegateId)}' is registered for '{electionId}'.");
        }

        var token = credentials.IssueDelegateToken(electionId, delegateId, version.Value);
        return TypedResults.Ok(new { delegateId, token, votingUrl = urls.Value.VotingUrl(token), credentialVersion = version });
    }

    private static async Task<IResult> ChangePhaseAsync(string electionId, string? categoryId, CategoryPhase target,
        IGrainFactory grains, ILoggerFactory loggers)
    {
        var (snapshot, missing) = await RouteIds.FindElectionAsync(grains, electionId);
        if (snapshot is null)
        {
            return missing!;
        }

        if (categoryId is not null && (!Identifiers.IsValid(categoryId) || snapshot.Ballot.FindCategory(categoryId) is null))
        {
            return Problem.CategoryNotFound(electionId, RouteIds.Shorten(categoryId));
        }

        var result = await grains.GetGrain<IElectionGrain>(electionId).ChangePhaseAsync(categoryId, target);
        LogPhaseRequest(loggers.CreateLogger("Voting.Api.Operators"), electionId, categoryId ?? "(all)", target, result.Status);
        return result.Status switch
        {
            PhaseChangeStatus.Changed or PhaseChangeStatus.Unchanged => TypedResults.Ok(new
            {
                electionId,
                categories = snapshot.Ballot.Categories.Select(c => new
                {
                    id = c.Id,
                    phase = (result.Phases.TryGetValue(c.Id, out var p) ? p : CategoryPhase.Scheduled).ToString(),
                }),
            }),
            PhaseChangeStatus.Backwards => Problem.Of(StatusCodes.Status409Conflict, ProblemTypes.PhaseBackwards,
                "Phase change rejected.", result.Detail ?? "Phases never move backwards."),
            PhaseChangeStatus.UnknownCategory => Problem.CategoryNotFound(electionId, categoryId ?? ""),
            _ => Problem.ElectionNotFound(electionId),
        };
    }

    private static async Task<IResult> AuditAsync(string electionId, IGrainFactory grains)
    {
        var (snapshot, missing) = await RouteIds.FindElectionAsync(grains, electionId);
        if (snapshot is null)
        {
            return missing!;
        }

        var audits = await Task.WhenAll(snapshot.Ballot.Categories.Select(c => grains
            .GetGrain<ICategoryGrain>(GrainKeys.Compose(electionId, c.Id)).AuditAsync()));
        return TypedResults.Ok(new
        {
            electionId,
            categories = snapshot.Ballot.Categories.Zip(audits, (c, a) => new
            {
                id = c.Id,
                phase = snapshot.PhaseOf(c.Id).ToString(),
                ledgerSignIns = a.LedgerSignIns,
                ledgerBallots = a.LedgerBallots,
                counterBallots = a.CounterBallots,
                matches = a.Matches,
                digest = a.Digest,
                finalists = c.Finalists.Select(f => new
                {
                    id = f.Id,
                    ledger = a.LedgerFinalists.GetValueOrDefault(f.Id),
                    counter = a.CounterFinalists.GetValueOrDefault(f.Id),
                }),
            }),
        });
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Operator requested {Phase} for {ElectionId}/{CategoryId}: {Status}")]
    private static partial void LogPhaseRequest(ILogger logger, string electionId, string categoryId,
        CategoryPhase phase, PhaseChangeStatus status);
}
