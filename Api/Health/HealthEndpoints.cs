using Voting.Grains.Interfaces.Ballots;

namespace Voting.Api.Health;

/// <summary>Liveness (the process answers) and readiness (a grain call through the cluster succeeds).</summary>
public static class HealthEndpoints
{
    private const string ProbeElectionId = "health-probe";

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => TypedResults.Ok(new { status = "live" })).WithTags("Health");
        app.MapGet("/health/ready", ReadyAsync).WithTags("Health");
        return app;
    }

    private static async Task<IResult> ReadyAsync(IGrainFactory grains)
    {
        try
        {
            await grains.GetGrain<IElectionGrain>(ProbeElectionId).GetSnapshotAsync().WaitAsync(TimeSpan.FromSeconds(3));
            return TypedResults.Ok(new { status = "ready" });
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException or InvalidOperationException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                type: Problems.ProblemTypes.Unavailable, title: "Not ready.",
                detail: $"The cluster did not answer a probe call: {exception.Message}");
        }
    }
}
