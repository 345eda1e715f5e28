namespace Voting.Grains.Ledger;

/// <summary>
/// The ballot ledger's storage: a sign-in list (who voted in which category) and a ballot box
/// (which finalist, with a random receipt) kept apart and written together. Implementations
/// decide the close instant: a batch commits wholly before a category's close or its votes
/// for that category are rejected as not open.
/// </summary>
public interface IBallotLedgerStore
{
    /// <summary>
    /// Commits a batch in one transaction and returns one outcome per vote, in input order.
    /// Throws when nothing was committed, so every waiting vote can be failed as retryable.
    /// </summary>
    Task<BatchCommit> CommitBatchAsync(IReadOnlyList<LedgerVote> votes, CancellationToken cancellationToken);

    /// <summary>Opens a category's window with the finalists that may receive ballots. Opening twice is a no-op.</summary>
    Task OpenCategoryAsync(string electionId, string categoryId, IReadOnlyCollection<string> finalistIds,
        CancellationToken cancellationToken);

    /// <summary>Closes a category's window and returns the close instant; closing twice returns the first instant.</summary>
    Task<DateTimeOffset> CloseCategoryAsync(string electionId, string categoryId, CancellationToken cancellationToken);

    /// <summary>Returns each category's window state for an election (categories never opened are absent).</summary>
    Task<IReadOnlyDictionary<string, LedgerWindow>> GetWindowsAsync(string electionId,
        CancellationToken cancellationToken);

    /// <summary>Returns the categories a delegate signed in to, with the idempotency-key hash of each.</summary>
    Task<IReadOnlyList<SignIn>> GetSignInsAsync(string electionId, string delegateId,
        CancellationToken cancellationToken);

    /// <summary>Counts a category from the ledger, consistent with the commit sequence it reports.</summary>
    Task<LedgerCount> CountAsync(string electionId, string categoryId, CancellationToken cancellationToken);

    /// <summary>
    /// Returns a category's current commit sequence (0 when never opened). Stores should override
    /// this with a cheap read; the default counts the whole category.
    /// </summary>
    async Task<long> GetSequenceAsync(string electionId, string categoryId, CancellationToken cancellationToken) =>
        (await CountAsync(electionId, categoryId, cancellationToken)).Sequence;

    /// <summary>Returns a category's ballot box ordered by receipt (ordinal), for the digest.</summary>
    Task<IReadOnlyList<BallotBoxEntry>> ReadBallotBoxAsync(string electionId, string categoryId,
        CancellationToken cancellationToken);

    /// <summary>Finds the category a receipt was cast in, or null when no ballot carries it.</summary>
    Task<string?> FindReceiptAsync(string electionId, string receipt, CancellationToken cancellationToken);
}

/// <summary>
/// A vote ready for the ledger. The delegate id goes to the sign-in list only; the finalist and
/// receipt go to the ballot box only. The key hash is the hex SHA-256 of the idempotency key.
/// </summary>
public sealed record LedgerVote(
    string ElectionId,
    string CategoryId,
    string DelegateId,
    string FinalistId,
    string IdempotencyKeyHash,
    string Receipt);

public enum LedgerVoteStatus
{
    Committed,

    /// <summary>The delegate already signed in to this category; <see cref="LedgerVoteOutcome.ExistingKeyHash"/> is that sign-in's key hash.</summary>
    Duplicate,
    NotOpen,
    UnknownFinalist,
}

public sealed record LedgerVoteOutcome(LedgerVoteStatus Status, string? ExistingKeyHash = null);

/// <summary>A batch's outcomes and, per category that received ballots, the counts it added.</summary>
public sealed record BatchCommit(IReadOnlyList<LedgerVoteOutcome> Outcomes, IReadOnlyList<CategoryCommit> Categories);

/// <summary>
/// What one batch added to one category. <see cref="Sequence"/> grows by one for each batch that
/// adds ballots to that category, in commit order.
/// </summary>
public sealed record CategoryCommit(
    string ElectionId,
    string CategoryId,
    long Sequence,
    IReadOnlyDictionary<string, int> Finalists);

public enum LedgerWindowState
{
    Open,
    Closed,
}

public sealed record LedgerWindow(LedgerWindowState State, DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt);

public sealed record SignIn(string CategoryId, string IdempotencyKeyHash);

/// <summary>
/// A recount: sign-ins, ballots per finalist, and the commit sequence the count includes
/// (every batch at or below it, none above it).
/// </summary>
public sealed record LedgerCount(
    long Sequence,
    long SignIns,
    long Ballots,
    IReadOnlyDictionary<string, long> Finalists);

public sealed record BallotBoxEntry(string Receipt, string FinalistId);
