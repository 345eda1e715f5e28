namespace Voting.LoadTests.Voting;

public enum IntentState
{
    /// <summary>Not sent, for example because the run ended first.</summary>
    Pending,

    /// <summary>Answered with a 4xx, so the server did not record it.</summary>
    Rejected,

    /// <summary>Sent, but no definite response arrived (timeout, connection error, 5xx).</summary>
    Unknown,

    /// <summary>Answered with a 2xx: the server says the vote is in the ledger.</summary>
    Acknowledged,
}

/// <summary>
/// One delegate's intention to vote for one finalist in one category, with the one idempotency key that
/// every send of it (retries, double taps) carries. Shared by concurrent sends, so state changes take a lock.
/// </summary>
public sealed class VoteIntent(
    int delegateIndex,
    int categoryIndex,
    int finalistIndex,
    string idempotencyKey,
    bool doubleTap,
    bool secondVote,
    bool invalidCredential)
{
    private readonly Lock _lock = new();

    public int DelegateIndex { get; } = delegateIndex;
    public int CategoryIndex { get; } = categoryIndex;
    public int FinalistIndex { get; } = finalistIndex;
    public string IdempotencyKey { get; } = idempotencyKey;
    public bool DoubleTap { get; } = doubleTap;
    public bool SecondVote { get; } = secondVote;
    public bool InvalidCredential { get; } = invalidCredential;

    public IntentState State { get; private set; }

    /// <summary>The first receipt received; null while unacknowledged or after an "already-recorded" replay.</summary>
    public string? Receipt { get; private set; }

    /// <summary>Marks the vote acknowledged; returns false when it carries a receipt other than the one before.</summary>
    public bool Acknowledge(string? receipt)
    {
        lock (_lock)
        {
            State = IntentState.Acknowledged;
            if (receipt is null)
            {
                return true;
            }

            if (Receipt is null)
            {
                Receipt = receipt;
                return true;
            }

            return Receipt == receipt;
        }
    }

    public void MarkRejected()
    {
        lock (_lock)
        {
            if (State == IntentState.Pending)
            {
                State = IntentState.Rejected;
            }
        }
    }

    public void MarkUnknown()
    {
        lock (_lock)
        {
            if (State is IntentState.Pending or IntentState.Rejected)
            {
                State = IntentState.Unknown;
            }
        }
    }
}
