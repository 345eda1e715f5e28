namespace Voting.LoadTests.Measurement;

/// <summary>The hard cap on requests a run may send, shared by every sender, and live counters for progress.</summary>
public sealed class RequestBudget(long maxRequests)
{
    private long _sent;
    private long _completed;

    public long MaxRequests { get; } = maxRequests;
    public long Sent => Interlocked.Read(ref _sent);
    public long Completed => Interlocked.Read(ref _completed);
    public long InFlight => Sent - Completed;
    public bool Exhausted => Sent >= MaxRequests;

    /// <summary>Takes one request from the budget; returns false once the cap is reached.</summary>
    public bool TryTake()
    {
        if (Interlocked.Increment(ref _sent) <= MaxRequests)
        {
            return true;
        }

        Interlocked.Decrement(ref _sent);
        return false;
    }

    public void MarkCompleted() => Interlocked.Increment(ref _completed);
}
