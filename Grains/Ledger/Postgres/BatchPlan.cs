namespace Voting.Grains.Ledger.Postgres;

/// <summary>
/// The per-vote decisions of one batch, made in input order: a vote is not open, names an
/// unknown finalist, repeats an earlier vote of the batch (same election, category and
/// delegate), or is a candidate for a sign-in. Candidates that lose to an existing sign-in
/// become duplicates later, when the database has been asked.
/// </summary>
internal sealed class BatchPlan
{
    private readonly IReadOnlyList<LedgerVote> _votes;
    private readonly LedgerVoteOutcome?[] _outcomes;

    // For each vote that repeats a candidate of the same batch, the index of that candidate.
    private readonly int[] _repeatOf;

    private BatchPlan(IReadOnlyList<LedgerVote> votes)
    {
        _votes = votes;
        _outcomes = new LedgerVoteOutcome?[votes.Count];
        _repeatOf = new int[votes.Count];
        Array.Fill(_repeatOf, -1);
    }

    /// <summary>Indexes of the votes that should get a sign-in, in input order.</summary>
    public List<int> Candidates { get; } = [];

    /// <summary>The distinct (election, category) pairs of the batch, sorted ordinally.</summary>
    public static List<(string ElectionId, string CategoryId)> Categories(IReadOnlyList<LedgerVote> votes) =>
        votes.Select(v => (v.ElectionId, v.CategoryId))
            .Distinct()
            .Order(CategoryKeyComparer.Instance)
            .ToList();

    /// <summary>Decides what can be decided from the windows' finalists alone.</summary>
    public static BatchPlan Create(IReadOnlyList<LedgerVote> votes,
        IReadOnlyDictionary<(string ElectionId, string CategoryId), WindowRow> windows)
    {
        var plan = new BatchPlan(votes);
        var firstCandidate = new Dictionary<(string, string, string), int>();
        for (var i = 0; i < votes.Count; i++)
        {
            var vote = votes[i];
            if (!windows.TryGetValue((vote.ElectionId, vote.CategoryId), out var window) || !window.IsOpen)
            {
                plan._outcomes[i] = new LedgerVoteOutcome(LedgerVoteStatus.NotOpen);
            }
            else if (!window.FinalistIds.Contains(vote.FinalistId))
            {
                plan._outcomes[i] = new LedgerVoteOutcome(LedgerVoteStatus.UnknownFinalist);
            }
            else if (firstCandidate.TryGetValue((vote.ElectionId, vote.CategoryId, vote.DelegateId), out var first))
            {
                plan._repeatOf[i] = first;
            }
            else
            {
                firstCandidate.Add((vote.ElectionId, vote.CategoryId, vote.DelegateId), i);
                plan.Candidates.Add(i);
            }
        }

        return plan;
    }

    public bool IsCommitted(int index) => _outcomes[index]?.Status == LedgerVoteStatus.Committed;

    public void MarkNotOpen(int index) => _outcomes[index] = new LedgerVoteOutcome(LedgerVoteStatus.NotOpen);

    public void MarkCommitted(int index) => _outcomes[index] = new LedgerVoteOutcome(LedgerVoteStatus.Committed);

    public void MarkDuplicate(int index, string existingKeyHash) =>
        _outcomes[index] = new LedgerVoteOutcome(LedgerVoteStatus.Duplicate, existingKeyHash);

    /// <summary>
    /// Returns one outcome per vote. A repeat within the batch is a duplicate of whichever
    /// sign-in its first vote met: its own, or the one already in the ledger.
    /// </summary>
    public LedgerVoteOutcome[] Outcomes()
    {
        var result = new LedgerVoteOutcome[_votes.Count];
        for (var i = 0; i < _votes.Count; i++)
        {
            if (_repeatOf[i] >= 0)
            {
                var first = _repeatOf[i];
                var keyHash = _outcomes[first]?.ExistingKeyHash ?? _votes[first].IdempotencyKeyHash;
                result[i] = _outcomes[first]?.Status == LedgerVoteStatus.NotOpen
                    ? new LedgerVoteOutcome(LedgerVoteStatus.NotOpen)
                    : new LedgerVoteOutcome(LedgerVoteStatus.Duplicate, keyHash);
            }
            else
            {
                result[i] = _outcomes[i]
                    ?? throw new InvalidOperationException($"Vote {i} of the batch has no outcome.");
            }
        }

        return result;
    }
}

/// <summary>A ledger_window row as a batch plans with it; the write statement checks it is still open.</summary>
internal sealed record WindowRow(bool IsOpen, IReadOnlySet<string> FinalistIds);

internal sealed class CategoryKeyComparer : IComparer<(string ElectionId, string CategoryId)>
{
    public static readonly CategoryKeyComparer Instance = new();

    public int Compare((string ElectionId, string CategoryId) x, (string ElectionId, string CategoryId) y)
    {
        var election = string.CompareOrdinal(x.ElectionId, y.ElectionId);
        return election != 0 ? election : string.CompareOrdinal(x.CategoryId, y.CategoryId);
    }
}
