using Voting.Grains.Interfaces.Ballots;
using Voting.Grains.Interfaces.Health;

namespace Voting.Api.Health;

/// <summary>
/// Liveness (the process responds) and readiness (a grain call through the cluster succeeds and
/// the ledger of the silo that served the probe accepts writes).
/// </summary>
public static partial class HealthEndpoints
{
    private const string ProbeElectionId = "health-probe";
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => TypedResults.Ok(new { status = "live" })).WithTags("Health");
        app.MapGet("/health/ready", ReadyAsync).WithTags("Health");
        return app;
    }

    private static async Task<IResult> ReadyAsync(IGrainFactory grains, ILoggerFactory loggers)
    {
        LedgerProbeResult ledger;
        try
        {
            await grains.GetGrain<IElectionGrain>(ProbeElectionId).GetSnapshotAsync().WaitAsync(ProbeTimeout);
            ledger = await grains.GetGrain<ILedgerProbeGrain>(0).CheckAsync().WaitAsync(ProbeTimeout);
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException or InvalidOperationException)
        {
            LogNotReady(loggers.CreateLogger("Voting.Api.Health"), exception);
            return NotReady($"The cluster did not answer a probe call: {exception.Message}");
        }

        return ledger.Writable
            ? TypedResults.Ok(new { status = "ready", cluster = "reachable", ledger = ledger.Detail })
            : NotReady($"The ledger is not writable: {ledger.Detail}");
    }

    private static IResult NotReady(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
            type: Problems.ProblemTypes.Unavailable, title: "Not ready.", detail: detail);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning, Message = "Readiness probe failed: the cluster did not answer")]
    private static partial void LogNotReady(ILogger logger, Exception exception);
}
