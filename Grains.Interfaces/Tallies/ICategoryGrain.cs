using Orleans.Concurrency;

namespace Voting.Grains.Interfaces.Tallies;

/// <summary>
/// Live counters of one category (key: "election/category"). They are a cache of the ledger:
/// each committed batch adds one aggregated delta, and a recount from the ledger heals any
/// delta lost in a crash.
/// </summary>
public interface ICategoryGrain : IGrainWithStringKey
{
    /// <summary>Adds one committed batch's counts; a delta at or below the applied sequence is ignored.</summary>
    Task AddAsync(TallyDelta delta);

    [ReadOnly]
    Task<CategoryTally> GetTallyAsync();

    /// <summary>Recounts from the ledger and compares with the live counters.</summary>
    Task<CategoryAudit> AuditAsync();
}

/// <summary>The ballots one committed batch added to a category, with the ledger's commit sequence.</summary>
[GenerateSerializer, Immutable, Alias("voting.TallyDelta")]
public sealed record TallyDelta(
    [property: Id(0)] long Sequence,
    [property: Id(1)] IReadOnlyDictionary<string, int> Finalists);

/// <summary>Live counters: total ballots and ballots per finalist.</summary>
[GenerateSerializer, Immutable, Alias("voting.CategoryTally")]
public sealed record CategoryTally(
    [property: Id(0)] string CategoryId,
    [property: Id(1)] long Ballots,
    [property: Id(2)] IReadOnlyDictionary<string, long> Finalists);

/// <summary>A ledger recount set beside the live counters.</summary>
[GenerateSerializer, Immutable, Alias("voting.CategoryAudit")]
public sealed record CategoryAudit(
    [property: Id(0)] string CategoryId,
    [property: Id(1)] long LedgerSignIns,
    [property: Id(2)] long LedgerBallots,
    [property: Id(3)] IReadOnlyDictionary<string, long> LedgerFinalists,
    [property: Id(4)] long CounterBallots,
    [property: Id(5)] IReadOnlyDictionary<string, long> CounterFinalists,
    [property: Id(6)] string Digest)
{
    public bool Matches =>
        LedgerSignIns == LedgerBallots
        && LedgerBallots == CounterBallots
        && LedgerFinalists.Count(kv => kv.Value != 0) == CounterFinalists.Count(kv => kv.Value != 0)
        && LedgerFinalists.All(kv => kv.Value == 0 || CounterFinalists.GetValueOrDefault(kv.Key) == kv.Value);
}
