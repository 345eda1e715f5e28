namespace Voting.Grains.Ledger;

/// <summary>
/// A ledger kept in this process's memory, for trying the product and for fast tests. It keeps
/// the PostgreSQL ledger's rules: the sign-in list and the ballot box are separate collections
/// written under one lock, a batch and a close are ordered by that lock, and a delegate signs
/// in to a category once. Nothing survives a restart.
/// </summary>
public sealed class InMemoryLedgerStore(TimeProvider timeProvider) : IBallotLedgerStore, ILedgerProbe
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Election, string Category), Window> _windows = [];

    /// <summary>Always writable: the store is this process's memory.</summary>
    public Task<string?> CheckWritableAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public Task<BatchCommit> CommitBatchAsync(IReadOnlyList<LedgerVote> votes, CancellationToken cancellationToken)
    {
        var outcomes = new LedgerVoteOutcome[votes.Count];
        var added = new Dictionary<Window, Dictionary<string, int>>();
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            for (var i = 0; i < votes.Count; i++)
            {
                outcomes[i] = Apply(votes[i], now, added);
            }

            var commits = added.Select(pair => new CategoryCommit(
                pair.Key.ElectionId, pair.Key.CategoryId, ++pair.Key.Sequence, pair.Value)).ToList();
            return Task.FromResult(new BatchCommit(outcomes, commits));
        }
    }

    private LedgerVoteOutcome Apply(LedgerVote vote, DateTimeOffset now, Dictionary<Window, Dictionary<string, int>> added)
    {
        if (!_windows.TryGetValue((vote.ElectionId, vote.CategoryId), out var window) || window.ClosedAt is not null)
        {
            return new LedgerVoteOutcome(LedgerVoteStatus.NotOpen);
        }

        if (!window.Finalists.Contains(vote.FinalistId))
        {
            return new LedgerVoteOutcome(LedgerVoteStatus.UnknownFinalist);
        }

        if (window.SignIns.TryGetValue(vote.DelegateId, out var existing))
        {
            return new LedgerVoteOutcome(LedgerVoteStatus.Duplicate, existing.KeyHash);
        }

        window.SignIns.Add(vote.DelegateId, new SignInRow(vote.IdempotencyKeyHash, now));
        window.Ballots.Add(vote.Receipt, vote.FinalistId);
        var counts = added.TryGetValue(window, out var found) ? found : added[window] = [];
        counts[vote.FinalistId] = counts.GetValueOrDefault(vote.FinalistId) + 1;
        return new LedgerVoteOutcome(LedgerVoteStatus.Committed);
    }

    public Task OpenCategoryAsync(string electionId, string categoryId, IReadOnlyCollection<string> finalistIds,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_windows.ContainsKey((electionId, categoryId)))
            {
                _windows[(electionId, categoryId)] = new Window(electionId, categoryId, [.. finalistIds],
                    timeProvider.GetUtcNow());
            }
        }

        return Task.CompletedTask;
    }

    public Task<DateTimeOffset> CloseCategoryAsync(string electionId, string categoryId,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_windows.TryGetValue((electionId, categoryId), out var window))
            {
                throw new InvalidOperationException($"Category '{categoryId}' of '{electionId}' was never opened.");
            }

            window.ClosedAt ??= timeProvider.GetUtcNow();
            return Task.FromResult(window.ClosedAt.Value);
        }
    }

    public Task<IReadOnlyDictionary<string, LedgerWindow>> GetWindowsAsync(string electionId,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyDictionary<string, LedgerWindow> windows = _windows.Values
                .Where(w => w.ElectionId == electionId)
                .ToDictionary(w => w.CategoryId, w => new LedgerWindow(
                    w.ClosedAt is null ? LedgerWindowState.Open : LedgerWindowState.Closed, w.OpenedAt, w.ClosedAt));
            return Task.FromResult(windows);
        }
    }

    public Task<IReadOnlyList<SignIn>> GetSignInsAsync(string electionId, string delegateId,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<SignIn> signIns = _windows.Values
                .Where(w => w.ElectionId == electionId && w.SignIns.ContainsKey(delegateId))
                .Select(w => new SignIn(w.CategoryId, w.SignIns[delegateId].KeyHash))
                .ToList();
            return Task.FromResult(signIns);
        }
    }

    public Task<LedgerCount> CountAsync(string electionId, string categoryId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_windows.TryGetValue((electionId, categoryId), out var window))
            {
                return Task.FromResult(new LedgerCount(0, 0, 0, new Dictionary<string, long>()));
            }

            var finalists = window.Ballots.Values
                .GroupBy(f => f)
                .ToDictionary(g => g.Key, g => (long)g.Count());
            return Task.FromResult(new LedgerCount(window.Sequence, window.SignIns.Count, window.Ballots.Count, finalists));
        }
    }

    public Task<long> GetSequenceAsync(string electionId, string categoryId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_windows.TryGetValue((electionId, categoryId), out var window) ? window.Sequence : 0);
        }
    }

    public Task<IReadOnlyList<BallotBoxEntry>> ReadBallotBoxAsync(string electionId, string categoryId,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<BallotBoxEntry> entries = _windows.TryGetValue((electionId, categoryId), out var window)
                ? window.Ballots.Select(b => new BallotBoxEntry(b.Key, b.Value)).ToList()
                : [];
            return Task.FromResult(entries);
        }
    }

    public Task<string?> FindReceiptAsync(string electionId, string receipt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var window = _windows.Values.FirstOrDefault(w => w.ElectionId == electionId && w.Ballots.ContainsKey(receipt));
            return Task.FromResult(window?.CategoryId);
        }
    }

    private sealed record SignInRow(string KeyHash, DateTimeOffset SignedInAt);

    private sealed class Window(string electionId, string categoryId, HashSet<string> finalists, DateTimeOffset openedAt)
    {
        public string ElectionId { get; } = electionId;
        public string CategoryId { get; } = categoryId;
        public HashSet<string> Finalists { get; } = finalists;
        public DateTimeOffset OpenedAt { get; } = openedAt;
        public DateTimeOffset? ClosedAt { get; set; }
        public long Sequence { get; set; }

        // The sign-in list and the ballot box are separate. Ballots are kept in receipt order, which is
        // random, so not even the order of the two collections pairs a delegate with a finalist.
        public Dictionary<string, SignInRow> SignIns { get; } = new(StringComparer.Ordinal);
        public SortedDictionary<string, string> Ballots { get; } = new(StringComparer.Ordinal);
    }
}
