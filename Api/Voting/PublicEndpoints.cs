using Voting.Api.Credentials;
using Voting.Api.Problems;
using Voting.Grains.Interfaces;
using Voting.Grains.Interfaces.Ballots;
using Voting.Grains.Interfaces.Tallies;

namespace Voting.Api.Voting;

/// <summary>
/// Turnout, results and receipt checks. Turnout is public while voting runs; per-finalist counts
/// are public only for published categories, and operators see live counts of every category.
/// </summary>
public static class PublicEndpoints
{
    public static IEndpointRouteBuilder MapPublicApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/elections/{electionId}").WithTags("Results");
        group.MapGet("/turnout", GetTurnoutAsync).WithName("GetTurnout");
        group.MapGet("/results", GetResultsAsync).WithName("GetResults");
        group.MapGet("/receipts/{receipt}", CheckReceiptAsync).WithName("CheckReceipt");
        return app;
    }

    private static async Task<IResult> GetTurnoutAsync(string electionId, IGrainFactory grains)
    {
        var (snapshot, problem) = await RouteIds.FindElectionAsync(grains, electionId);
        if (snapshot is null)
        {
            return problem!;
        }

        var tallies = await ReadTalliesAsync(grains, snapshot);
        var categories = snapshot.Ballot.Categories.Select(c => new CategoryTurnout(c.Id,
            snapshot.PhaseOf(c.Id).ToString(),
            snapshot.Results.TryGetValue(c.Id, out var published) ? published.Ballots : tallies[c.Id].Ballots)).ToList();
        return TypedResults.Ok(new TurnoutResponse(electionId, snapshot.RegisteredDelegates, categories));
    }

    private static async Task<IResult> GetResultsAsync(string electionId, HttpContext context, IGrainFactory grains)
    {
        var (snapshot, problem) = await RouteIds.FindElectionAsync(grains, electionId);
        if (snapshot is null)
        {
            return problem!;
        }

        var live = await BearerCredentials.IsOperatorAsync(context);
        var tallies = live ? await ReadTalliesAsync(grains, snapshot) : null;
        var categories = new List<CategoryResult>();
        foreach (var category in snapshot.Ballot.Categories)
        {
            if (snapshot.Results.TryGetValue(category.Id, out var published))
            {
                categories.Add(new CategoryResult(category.Id, CategoryPhase.Published.ToString(), published.Ballots,
                    published.Digest, published.Finalists.Select(f => new FinalistVotes(f.FinalistId, f.Votes)).ToList()));
            }
            else if (tallies is not null)
            {
                var tally = tallies[category.Id];
                categories.Add(new CategoryResult(category.Id, snapshot.PhaseOf(category.Id).ToString(), tally.Ballots,
                    null, category.Finalists.Select(f => new FinalistVotes(f.Id, tally.Finalists.GetValueOrDefault(f.Id)))
                        .ToList()));
            }
        }

        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new ResultsResponse(electionId, categories));
    }

    private static async Task<IResult> CheckReceiptAsync(string electionId, string receipt, IGrainFactory grains)
    {
        var (snapshot, problem) = await RouteIds.FindElectionAsync(grains, electionId);
        if (snapshot is null)
        {
            return problem!;
        }

        var categoryId = Identifiers.IsReceipt(receipt)
            ? await grains.GetGrain<IElectionGrain>(electionId).FindPublishedReceiptAsync(receipt)
            : null;
        if (categoryId is null)
        {
            return Problem.Of(StatusCodes.Status404NotFound, ProblemTypes.ReceiptNotFound, "Receipt not found.",
                $"No published category of '{electionId}' holds receipt '{RouteIds.Shorten(receipt)}'. Receipts can be checked once their category is published.");
        }

        return TypedResults.Ok(new ReceiptResponse(receipt, true, categoryId));
    }

    private static async Task<Dictionary<string, CategoryTally>> ReadTalliesAsync(IGrainFactory grains,
        ElectionSnapshot snapshot)
    {
        var tallies = await Task.WhenAll(snapshot.Ballot.Categories.Select(c => grains
            .GetGrain<ICategoryGrain>(GrainKeys.Compose(snapshot.Ballot.ElectionId, c.Id)).GetTallyAsync()));
        return tallies.ToDictionary(t => t.CategoryId);
    }
}
