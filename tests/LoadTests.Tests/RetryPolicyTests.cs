using System.Net.Http.Headers;
using Voting.LoadTests.Measurement;
using Voting.LoadTests.Voting;

namespace Voting.LoadTests.Tests;

public sealed class RetryPolicyTests
{
    private readonly RetryPolicy _policy = new(maxRetries: 3, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));

    [Theory]
    [InlineData(503, true)]
    [InlineData(500, false)]
    [InlineData(409, false)]
    [InlineData(422, false)]
    [InlineData(401, false)]
    [InlineData(201, false)]
    public void StatusCodes_AreRetriedOnlyFor503(int statusCode, bool retryable)
    {
        Assert.Equal(retryable, RetryPolicy.IsRetryable(new Outcome(OutcomeKind.Response, statusCode)));
    }

    [Fact]
    public void TransportFailures_AreRetried()
    {
        Assert.True(RetryPolicy.IsRetryable(Outcome.TimedOut));
        Assert.True(RetryPolicy.IsRetryable(Outcome.ConnectionFailed));
    }

    [Fact]
    public void RetryAfter_IsHonouredOverBackoff()
    {
        var outcome = new Outcome(OutcomeKind.Response, 503, RetryAfter: TimeSpan.FromSeconds(2));

        Assert.Equal(TimeSpan.FromSeconds(2), _policy.NextDelay(0, outcome, jitter: 0.9));
    }

    [Fact]
    public void Retries_StopAtTheBound()
    {
        Assert.NotNull(_policy.NextDelay(2, Outcome.TimedOut, 0));
        Assert.Null(_policy.NextDelay(3, Outcome.TimedOut, 0));
    }

    [Fact]
    public void Backoff_DoublesWithinJitterAndCap()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(50), _policy.NextDelay(0, Outcome.TimedOut, jitter: 0));
        Assert.Equal(TimeSpan.FromMilliseconds(200), _policy.NextDelay(1, Outcome.TimedOut, jitter: 1));

        var capped = new RetryPolicy(10, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300));
        Assert.Equal(TimeSpan.FromMilliseconds(300), capped.NextDelay(5, Outcome.TimedOut, jitter: 1));
    }

    [Fact]
    public void ParseRetryAfter_ReadsSecondsAndDates()
    {
        var now = new DateTimeOffset(2025, 11, 14, 18, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(3), RetryPolicy.ParseRetryAfter(new RetryConditionHeaderValue(TimeSpan.FromSeconds(3)), now));
        Assert.Equal(TimeSpan.FromSeconds(5), RetryPolicy.ParseRetryAfter(new RetryConditionHeaderValue(now.AddSeconds(5)), now));
        Assert.Equal(TimeSpan.Zero, RetryPolicy.ParseRetryAfter(new RetryConditionHeaderValue(now.AddSeconds(-5)), now));
        Assert.Null(RetryPolicy.ParseRetryAfter(null, now));
    }
}
