using Orleans.Concurrency;

namespace Voting.Grains.Interfaces.Ballots;

/// <summary>
/// One election (key: election id): its ballot, each category's phase, the registration
/// count and the sealed results of published categories.
/// </summary>
public interface IElectionGrain : IGrainWithStringKey
{
    /// <summary>Returns the election, or null when no ballot was ever defined for this id.</summary>
    [ReadOnly, AlwaysInterleave]
    Task<ElectionSnapshot?> GetSnapshotAsync();

    /// <summary>Defines or replaces the ballot; replacing is allowed only while every category is scheduled.</summary>
    Task<BallotChangeResult> DefineAsync(BallotDefinition ballot);

    /// <summary>Moves one category (or all when <paramref name="categoryId"/> is null) forward to a phase.</summary>
    Task<PhaseChangeResult> ChangePhaseAsync(string? categoryId, CategoryPhase target);

    /// <summary>Returns the category whose ballot box contains a receipt, or null unless that category is published.</summary>
    [ReadOnly, AlwaysInterleave]
    Task<string?> FindPublishedReceiptAsync(string receipt);

    /// <summary>Registers delegates; ones already registered keep their credential version.</summary>
    Task<RegistrationResult> RegisterDelegatesAsync(IReadOnlyList<DelegateRegistration> delegates);
}

/// <summary>A point-in-time copy of an election.</summary>
[GenerateSerializer, Immutable, Alias("voting.ElectionSnapshot")]
public sealed record ElectionSnapshot(
    [property: Id(0)] BallotDefinition Ballot,
    [property: Id(1)] long BallotVersion,
    [property: Id(2)] IReadOnlyDictionary<string, CategoryPhase> Phases,
    [property: Id(3)] int RegisteredDelegates,
    [property: Id(4)] IReadOnlyDictionary<string, PublishedResult> Results)
{
    public CategoryPhase PhaseOf(string categoryId) =>
        Phases.TryGetValue(categoryId, out var phase) ? phase : CategoryPhase.Scheduled;
}

/// <summary>A category's result as counted from the ledger when it was published.</summary>
[GenerateSerializer, Immutable, Alias("voting.PublishedResult")]
public sealed record PublishedResult(
    [property: Id(0)] string CategoryId,
    [property: Id(1)] long Ballots,
    [property: Id(2)] string Digest,
    [property: Id(3)] IReadOnlyList<FinalistCount> Finalists,
    [property: Id(4)] bool CountersMatchedLedger,
    [property: Id(5)] DateTimeOffset PublishedAt);

/// <summary>Ballots counted for one finalist.</summary>
[GenerateSerializer, Immutable, Alias("voting.FinalistCount")]
public sealed record FinalistCount([property: Id(0)] string FinalistId, [property: Id(1)] long Votes);

[GenerateSerializer, Alias("voting.BallotChangeStatus")]
public enum BallotChangeStatus
{
    Defined = 0,
    Replaced = 1,
    Locked = 2,
}

[GenerateSerializer, Immutable, Alias("voting.BallotChangeResult")]
public sealed record BallotChangeResult(
    [property: Id(0)] BallotChangeStatus Status,
    [property: Id(1)] long BallotVersion);

[GenerateSerializer, Alias("voting.PhaseChangeStatus")]
public enum PhaseChangeStatus
{
    Changed = 0,
    Unchanged = 1,
    UnknownElection = 2,
    UnknownCategory = 3,
    Backwards = 4,
}

/// <summary>The outcome of a phase change, with every category's phase afterwards.</summary>
[GenerateSerializer, Immutable, Alias("voting.PhaseChangeResult")]
public sealed record PhaseChangeResult(
    [property: Id(0)] PhaseChangeStatus Status,
    [property: Id(1)] IReadOnlyDictionary<string, CategoryPhase> Phases,
    [property: Id(2)] string? Detail = null);

/// <summary>One row of a delegate import.</summary>
[GenerateSerializer, Immutable, Alias("voting.DelegateRegistration")]
public sealed record DelegateRegistration(
    [property: Id(0)] string DelegateId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string? Organisation);

[GenerateSerializer, Immutable, Alias("voting.RegistrationResult")]
public sealed record RegistrationResult(
    [property: Id(0)] bool ElectionFound,
    [property: Id(1)] IReadOnlyList<RegisteredDelegate> Delegates,
    [property: Id(2)] int RegisteredDelegates);

/// <summary>A registered delegate and the credential version its token must carry.</summary>
[GenerateSerializer, Immutable, Alias("voting.RegisteredDelegate")]
public sealed record RegisteredDelegate(
    [property: Id(0)] string DelegateId,
    [property: Id(1)] int CredentialVersion,
    [property: Id(2)] bool IsNew);
