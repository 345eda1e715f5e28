using Microsoft.Extensions.Logging;

namespace Voting.Grains.Ledger.Postgres;

// Log lines name elections and categories and count votes; they never name a delegate together
// with a finalist.
public sealed partial class PostgresLedgerStore
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug,
        Message = "Ledger batch committed: {VoteCount} votes, {CommittedCount} new ballots in {CategoryCount} categories")]
    private partial void LogBatchCommitted(int voteCount, int committedCount, int categoryCount);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning,
        Message = "Ledger batch of {VoteCount} votes failed and was rolled back; its votes may be retried")]
    private partial void LogBatchFailed(Exception exception, int voteCount);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information,
        Message = "Ledger window opened for category {CategoryId} of election {ElectionId}")]
    private partial void LogCategoryOpened(string electionId, string categoryId);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information,
        Message = "Ledger window closed for category {CategoryId} of election {ElectionId}")]
    private partial void LogCategoryClosed(string electionId, string categoryId);
}
