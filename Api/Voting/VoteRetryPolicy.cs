using Voting.Grains.Interfaces.Voting;

namespace Voting.Api.Voting;

/// <summary>
/// Calls a delegate grain's <c>CastAsync</c> and retries it once after a transient cluster failure.
/// The retry is safe only because the vote carries its idempotency key: if the first call committed
/// after all, the retry returns the original receipt (same activation) or "already recorded" (a new
/// activation), never a second ballot. Other grain calls are not retried.
/// </summary>
public static partial class VoteRetryPolicy
{
    /// <summary>Pause before the retry, long enough for the client to notice a closed gateway connection.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    public static async Task<VoteOutcome> CastAsync(IDelegateGrain grain, VoteCommand command, ILogger logger,
        CancellationToken cancellationToken)
    {
        try
        {
            return await grain.CastAsync(command);
        }
        catch (Exception exception) when (TransientClusterFailure.Matches(exception))
        {
            LogRetrying(logger, exception, command.CategoryId, exception.GetType().Name);
        }

        // A second failure propagates to the exception handler, which returns 503 with Retry-After.
        await Task.Delay(RetryDelay, cancellationToken);
        return await grain.CastAsync(command);
    }

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Vote in category {CategoryId} failed with {ExceptionType}; retrying once with the same idempotency key")]
    private static partial void LogRetrying(ILogger logger, Exception exception, string categoryId,
        string exceptionType);
}
