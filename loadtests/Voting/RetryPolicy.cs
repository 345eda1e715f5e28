using System.Net.Http.Headers;
using Voting.LoadTests.Measurement;

namespace Voting.LoadTests.Voting;

/// <summary>
/// When a mobile client retries a vote: after a timeout, a connection error or a 503, at most
/// <see cref="MaxRetries"/> times, waiting for <c>Retry-After</c> when the server sent one and otherwise
/// backing off exponentially with jitter. Retries reuse the vote's idempotency key.
/// </summary>
public sealed class RetryPolicy(int maxRetries, TimeSpan baseDelay, TimeSpan maxDelay)
{
    public int MaxRetries { get; } = maxRetries;

    public static bool IsRetryable(Outcome outcome) =>
        outcome.Kind is OutcomeKind.Timeout or OutcomeKind.ConnectionError
        || (outcome.Kind == OutcomeKind.Response && outcome.StatusCode == 503);

    /// <summary>
    /// Returns the wait before the next retry, or null when the outcome is final or the retries are used up.
    /// </summary>
    /// <param name="retriesSoFar">Retries already sent for this vote, not counting the first attempt.</param>
    /// <param name="jitter">A random number in [0, 1) that spreads backoff delays apart.</param>
    public TimeSpan? NextDelay(int retriesSoFar, Outcome outcome, double jitter)
    {
        if (!IsRetryable(outcome) || retriesSoFar >= MaxRetries)
        {
            return null;
        }

        if (outcome.RetryAfter is { } retryAfter)
        {
            return retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter;
        }

        var exponential = baseDelay * Math.Pow(2, retriesSoFar);
        var capped = exponential < maxDelay ? exponential : maxDelay;

        // Half fixed, half random, so clients that failed together do not retry together.
        return capped * (0.5 + (0.5 * jitter));
    }

    /// <summary>Reads <c>Retry-After</c> as seconds or as an HTTP date relative to <paramref name="now"/>.</summary>
    public static TimeSpan? ParseRetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
