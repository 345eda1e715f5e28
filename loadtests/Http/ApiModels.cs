using System.Text.Json;

namespace Voting.LoadTests.Http;

// Shapes of the API's JSON bodies, as far as the harness reads or writes them.

public sealed record BallotDocument(string ElectionId, string Title, IReadOnlyList<BallotCategory> Categories);

public sealed record BallotCategory(string Id, string Title, string? Description, IReadOnlyList<BallotFinalist> Finalists);

public sealed record BallotFinalist(string Id, string Name, bool IsExample, IReadOnlyList<BallotProject> Projects);

public sealed record BallotProject(string Title, string Summary, string? VideoUrl);

public sealed record TurnoutDocument(string ElectionId, int RegisteredDelegates, IReadOnlyList<TurnoutCategory> Categories);

public sealed record TurnoutCategory(string Id, string Phase, long Ballots);

public sealed record ResultsDocument(string ElectionId, IReadOnlyList<ResultsCategory> Categories);

public sealed record ResultsCategory(
    string Id, string Phase, long Ballots, string? Digest, IReadOnlyList<ResultsFinalist> Finalists);

public sealed record ResultsFinalist(string Id, long Votes);

public sealed record AuditDocument(string ElectionId, IReadOnlyList<AuditCategory> Categories);

public sealed record AuditCategory(
    string Id,
    string Phase,
    long LedgerSignIns,
    long LedgerBallots,
    long CounterBallots,
    bool Matches,
    string? Digest,
    IReadOnlyList<AuditFinalist> Finalists);

public sealed record AuditFinalist(string Id, long Ledger, long Counter);

/// <summary>A delegate and the bearer credential the API issued for it.</summary>
public sealed record DelegateCredential(string DelegateId, string Token);

internal static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
