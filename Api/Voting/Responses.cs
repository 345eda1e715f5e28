using Voting.Grains.Interfaces.Ballots;

namespace Voting.Api.Voting;

public sealed record BallotResponse(string ElectionId, string Title, long BallotVersion,
    IReadOnlyList<CategoryResponse> Categories)
{
    public static BallotResponse From(ElectionSnapshot snapshot) => new(snapshot.Ballot.ElectionId,
        snapshot.Ballot.Title, snapshot.BallotVersion, snapshot.Ballot.Categories
            .Select(c => new CategoryResponse(c.Id, c.Title, c.Description, snapshot.PhaseOf(c.Id).ToString(),
                c.Finalists.Select(f => new FinalistResponse(f.Id, f.Name, f.IsExample,
                    f.Projects.Select(p => new ProjectResponse(p.Title, p.Summary, p.VideoUrl)).ToList())).ToList()))
            .ToList());
}

public sealed record CategoryResponse(string Id, string Title, string? Description, string Phase,
    IReadOnlyList<FinalistResponse> Finalists);

public sealed record FinalistResponse(string Id, string Name, bool IsExample, IReadOnlyList<ProjectResponse> Projects);

public sealed record ProjectResponse(string Title, string Summary, string? VideoUrl);

public sealed record DelegateStatusResponse(string ElectionId, string DelegateId, string? DisplayName,
    IReadOnlyList<DelegateCategoryStatus> Categories);

public sealed record DelegateCategoryStatus(string Id, string Phase, bool Voted);

public sealed record VoteRequest(string? FinalistId);

public sealed record VoteResponse(string? Receipt, string CategoryId, string Status);

public sealed record TurnoutResponse(string ElectionId, int RegisteredDelegates,
    IReadOnlyList<CategoryTurnout> Categories);

public sealed record CategoryTurnout(string Id, string Phase, long Ballots);

public sealed record ResultsResponse(string ElectionId, IReadOnlyList<CategoryResult> Categories);

public sealed record CategoryResult(string Id, string Phase, long Ballots, string? Digest,
    IReadOnlyList<FinalistVotes> Finalists);

public sealed record FinalistVotes(string Id, long Votes);

public sealed record ReceiptResponse(string Receipt, bool Found, string CategoryId);
