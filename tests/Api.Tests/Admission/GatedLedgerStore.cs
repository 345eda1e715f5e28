using Voting.Grains.Ledger;

namespace Voting.Api.Tests.Admission;

/// <summary>
/// An in-memory ledger whose commits wait until the test opens the gate, so a vote can be held
/// in flight while the test checks what the Api does with the next one.
/// </summary>
internal sealed class GatedLedgerStore(InMemoryLedgerStore inner) : IBallotLedgerStore
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first batch reaches the gate.</summary>
    public TaskCompletionSource CommitWaiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _gate.TrySetResult();

    public async Task<BatchCommit> CommitBatchAsync(IReadOnlyList<LedgerVote> votes, CancellationToken cancellationToken)
    {
        CommitWaiting.TrySetResult();
        await _gate.Task.WaitAsync(cancellationToken);
        return await inner.CommitBatchAsync(votes, cancellationToken);
    }

    public Task OpenCategoryAsync(string electionId, string categoryId, IReadOnlyCollection<string> finalistIds,
        CancellationToken cancellationToken) => inner.OpenCategoryAsync(electionId, categoryId, finalistIds, cancellationToken);

    public Task<DateTimeOffset> CloseCategoryAsync(string electionId, string categoryId,
        CancellationToken cancellationToken) => inner.CloseCategoryAsync(electionId, categoryId, cancellationToken);

    public Task<IReadOnlyDictionary<string, LedgerWindow>> GetWindowsAsync(string electionId,
        CancellationToken cancellationToken) => inner.GetWindowsAsync(electionId, cancellationToken);

    public Task<IReadOnlyList<SignIn>> GetSignInsAsync(string electionId, string delegateId,
        CancellationToken cancellationToken) => inner.GetSignInsAsync(electionId, delegateId, cancellationToken);

    public Task<LedgerCount> CountAsync(string electionId, string categoryId, CancellationToken cancellationToken) =>
        inner.CountAsync(electionId, categoryId, cancellationToken);

    public Task<IReadOnlyList<BallotBoxEntry>> ReadBallotBoxAsync(string electionId, string categoryId,
        CancellationToken cancellationToken) => inner.ReadBallotBoxAsync(electionId, categoryId, cancellationToken);

    public Task<string?> FindReceiptAsync(string electionId, string receipt, CancellationToken cancellationToken) =>
        inner.FindReceiptAsync(electionId, receipt, cancellationToken);
}
