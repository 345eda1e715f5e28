namespace Voting.Grains.Ledger;

/// <summary>The writer's queue is full; nothing was stored and the vote may be retried later.</summary>
public sealed class LedgerOverloadedException(string message) : Exception(message);

/// <summary>The ledger could not commit the batch holding this vote; nothing was stored and it may be retried.</summary>
public sealed class LedgerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
