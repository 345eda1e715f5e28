namespace Voting.Grains.Interfaces.Voting;

/// <summary>
/// One delegate of one election (key: "election/delegate"). It is the fast duplicate check
/// and keeps recent idempotency records in memory; the ledger is the final check.
/// </summary>
public interface IDelegateGrain : IGrainWithStringKey
{
    Task<RegisteredDelegateState> RegisterAsync(string displayName, string? organisation);

    /// <summary>Revokes the current credential and returns the new version, or null when not registered.</summary>
    Task<int?> ReissueCredentialAsync();

    Task<DelegateStatus> GetStatusAsync(int credentialVersion);

    /// <summary>
    /// Casts a vote and returns after its ledger batch committed. The 10 s response timeout (instead of
    /// the client's 30 s default) makes a call stuck on a dead silo fail sooner with
    /// <see cref="TimeoutException"/>. A vote that timed out may still commit, and a retry with the same
    /// idempotency key then returns its original outcome or "already recorded".
    /// </summary>
    [ResponseTimeout("00:00:10")]
    Task<VoteOutcome> CastAsync(VoteCommand command);
}

[GenerateSerializer, Immutable, Alias("voting.RegisteredDelegateState")]
public sealed record RegisteredDelegateState(
    [property: Id(0)] int CredentialVersion,
    [property: Id(1)] bool IsNew);

/// <summary>A vote as the API hands it to the delegate grain.</summary>
[GenerateSerializer, Immutable, Alias("voting.VoteCommand")]
public sealed record VoteCommand(
    [property: Id(0)] int CredentialVersion,
    [property: Id(1)] string CategoryId,
    [property: Id(2)] string FinalistId,
    [property: Id(3)] string IdempotencyKey);

/// <summary>What happened to a vote. <see cref="Receipt"/> is set for accepted and replayed votes.</summary>
[GenerateSerializer, Immutable, Alias("voting.VoteOutcome")]
public sealed record VoteOutcome(
    [property: Id(0)] VoteStatus Status,
    [property: Id(1)] string? Receipt = null,
    [property: Id(2)] string? Detail = null)
{
    public static VoteOutcome Of(VoteStatus status, string? detail = null) => new(status, null, detail);
}

[GenerateSerializer, Alias("voting.VoteStatus")]
public enum VoteStatus
{
    /// <summary>Committed to the ledger now.</summary>
    Accepted = 0,

    /// <summary>A retry of a vote this activation accepted; carries the original receipt.</summary>
    Replayed = 1,

    /// <summary>A retry of a vote accepted before this activation; the receipt is not kept.</summary>
    AlreadyRecorded = 2,
    AlreadyVoted = 3,
    KeyReused = 4,
    CategoryNotOpen = 5,
    UnknownElection = 6,
    UnknownCategory = 7,
    UnknownFinalist = 8,
    NotRegistered = 9,
    CredentialRevoked = 10,

    /// <summary>The ledger writer's queue is full; the client may retry later.</summary>
    Overloaded = 11,

    /// <summary>The ledger failed to commit; nothing was stored and the client may retry.</summary>
    Unavailable = 12,
}

/// <summary>A delegate's own view: registration, credential validity and the categories voted in.</summary>
[GenerateSerializer, Immutable, Alias("voting.DelegateStatus")]
public sealed record DelegateStatus(
    [property: Id(0)] bool Registered,
    [property: Id(1)] bool CredentialCurrent,
    [property: Id(2)] string? DisplayName,
    [property: Id(3)] IReadOnlyList<string> VotedCategories);
