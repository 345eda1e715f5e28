using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Voting.Api.Observability;
using Voting.Api.Problems;

namespace Voting.Api.Admission;

/// <summary>
/// Admission control of the vote endpoint: a global concurrency limit with a short queue
/// (503 when full) and a token bucket per validated delegate (429 when empty).
/// </summary>
public static class AdmissionControl
{
    /// <summary>The rate-limiting policy that the vote endpoint requires.</summary>
    public const string VotePolicy = "votes";

    public static WebApplicationBuilder AddVotingAdmission(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdmissionOptions>()
            .Bind(builder.Configuration.GetSection("Voting:Admission"))
            .Validate(options => options.IsValid(),
                "Voting:Admission: every limit must be positive (QueueLimit may be 0) and DelegateReplenishmentPeriod longer than zero.")
            .ValidateOnStart();
        builder.Services.AddSingleton<DelegateRateLimiter>();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<AdmissionOptions>>((limiter, admission) =>
            {
                limiter.AddConcurrencyLimiter(VotePolicy, concurrency =>
                {
                    concurrency.PermitLimit = admission.Value.ConcurrencyLimit;
                    concurrency.QueueLimit = admission.Value.QueueLimit;
                    concurrency.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
                });
                limiter.OnRejected = RejectOverloadedAsync;
            });
        return builder;
    }

    private static async ValueTask RejectOverloadedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        context.RequestServices.GetRequiredService<VoteMetrics>().RecordAdmissionRejected("concurrency");
        context.Response.Headers.RetryAfter = "1";
        await Problem.Of(StatusCodes.Status503ServiceUnavailable, ProblemTypes.Overloaded,
                "Too many votes at once; retry.",
                "This Api process is at its concurrency limit. Retry with the same Idempotency-Key.")
            .ExecuteAsync(context);
    }
}
