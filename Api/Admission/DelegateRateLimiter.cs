using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Voting.Api.Credentials;
using Voting.Api.Observability;
using Voting.Api.Problems;
using Voting.Grains.Interfaces;

namespace Voting.Api.Admission;

/// <summary>
/// A token bucket per delegate, keyed by the delegate id of a validated credential, so a runaway
/// client is slowed without touching others behind the same address, and a forged token cannot
/// drain another delegate's bucket.
/// </summary>
public sealed class DelegateRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public DelegateRateLimiter(IOptions<AdmissionOptions> options)
    {
        var admission = options.Value;
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = admission.DelegateTokenLimit,
            TokensPerPeriod = admission.DelegateTokensPerPeriod,
            ReplenishmentPeriod = admission.DelegateReplenishmentPeriod,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => bucket));
    }

    /// <summary>
    /// Endpoint filter for routes with <c>{electionId}</c>. Requests without a valid delegate
    /// credential pass through, so the handler returns its 401; the global limiter bounds them.
    /// </summary>
    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext invocation,
        EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (context.GetRouteValue("electionId") is not string electionId)
        {
            return await next(invocation);
        }

        var (credential, _) = await BearerCredentials.ReadDelegateAsync(context, electionId);
        if (credential is null)
        {
            return await next(invocation);
        }

        var limiter = context.RequestServices.GetRequiredService<DelegateRateLimiter>();
        using var lease = limiter._limiter.AttemptAcquire(GrainKeys.Compose(electionId, credential.DelegateId));
        if (lease.IsAcquired)
        {
            return await next(invocation);
        }

        context.RequestServices.GetRequiredService<VoteMetrics>().RecordAdmissionRejected("delegate");
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
        return Problem.Of(StatusCodes.Status429TooManyRequests, ProblemTypes.TooManyRequests, "Too many requests.",
            "This delegate sent more votes than the rate limit allows. Wait for Retry-After seconds, then retry with the same Idempotency-Key.");
    }

    public void Dispose() => _limiter.Dispose();
}
