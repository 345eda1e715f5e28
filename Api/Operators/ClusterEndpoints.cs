using Voting.Api.Credentials;

namespace Voting.Api.Operators;

/// <summary>Operators' view of the Orleans cluster.</summary>
public static class ClusterEndpoints
{
    public static IEndpointRouteBuilder MapClusterApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/cluster").WithTags("Operators")
            .AddEndpointFilter(async (context, next) =>
                await BearerCredentials.RequireOperatorAsync(context.HttpContext) ?? await next(context));
        group.MapGet("/silos", GetSilosAsync).WithName("GetSilos");
        return app;
    }

    /// <summary>
    /// Lists every silo in the membership table, dead ones included until the table is cleaned,
    /// so operators see deaths as well as joins.
    /// </summary>
    private static async Task<IResult> GetSilosAsync(IGrainFactory grains)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
        var silos = hosts
            .OrderBy(h => h.StartTime)
            .Select(h => new SiloResponse(h.SiloAddress.ToParsableString(), h.Status.ToString(),
                new DateTimeOffset(DateTime.SpecifyKind(h.StartTime, DateTimeKind.Utc)), h.SiloName, h.HostName))
            .ToList();
        return TypedResults.Ok(silos);
    }
}

/// <summary>One silo: its address (<c>ip:port@generation</c>), membership status and start time (UTC).</summary>
public sealed record SiloResponse(string Address, string Status, DateTimeOffset StartedAt, string? Name, string? HostName);
