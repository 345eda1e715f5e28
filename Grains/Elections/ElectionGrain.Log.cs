using Microsoft.Extensions.Logging;

namespace Voting.Grains.Elections;

public sealed partial class ElectionGrain
{
    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Election {ElectionId}: ballot version {BallotVersion} defined with {Categories} categories")]
    private static partial void LogBallotDefined(ILogger logger, string electionId, long ballotVersion, int categories);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "Election {ElectionId}: category {CategoryId} opened")]
    private static partial void LogCategoryOpened(ILogger logger, string electionId, string categoryId);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Information, Message = "Election {ElectionId}: category {CategoryId} closed at {ClosedAt:O}")]
    private static partial void LogCategoryClosed(ILogger logger, string electionId, string categoryId,
        DateTimeOffset closedAt);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Information, Message = "Election {ElectionId}: category {CategoryId} published with {Ballots} ballots (live counters matched the ledger: {Matched})")]
    private static partial void LogCategoryPublished(ILogger logger, string electionId, string categoryId, long ballots,
        bool matched);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Information, Message = "Election {ElectionId}: {Rows} delegates imported, {Added} new, {Total} registered")]
    private static partial void LogDelegatesRegistered(ILogger logger, string electionId, int rows, int added, int total);

    [LoggerMessage(EventId = 1406, Level = LogLevel.Warning, Message = "Election {ElectionId}: phases caught up with the ledger's windows after an interrupted change")]
    private static partial void LogCaughtUpWithLedger(ILogger logger, string electionId);
}
