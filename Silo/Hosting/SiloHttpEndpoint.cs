using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Dashboard;

namespace Voting.Silo.Hosting;

/// <summary>
/// A separate silo's small Kestrel endpoint: <c>/health/live</c>, <c>/health/ready</c>,
/// <c>/metrics</c> (Prometheus) and the Orleans Dashboard under <c>/dashboard</c>.
/// </summary>
public static partial class SiloHttpEndpoint
{
    public const string DashboardPrefix = "/dashboard";

    public static WebApplicationBuilder AddSiloHttpEndpoint(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection("Voting:Silo").Get<SiloHttpSettings>() ?? new SiloHttpSettings();
        if (!IPAddress.TryParse(settings.HttpAddress, out var address))
        {
            throw new InvalidOperationException(
                $"Voting:Silo:HttpAddress is '{settings.HttpAddress}', which is not an IP address; use 127.0.0.1 or 0.0.0.0.");
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address, settings.HttpPort));
        builder.AddVotingTelemetry("voting-silo");
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        return builder;
    }

    public static WebApplication MapSiloHttpEndpoints(this WebApplication app)
    {
        app.MapGet("/health/live", () => TypedResults.Ok(new { status = "live" }));
        app.MapGet("/health/ready", SiloReadiness.CheckAsync);
        app.MapPrometheusScrapingEndpoint();

        if (DashboardSettings.IsEnabled(app.Configuration))
        {
            MapLoopbackDashboard(app);
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Voting.Silo.Http");
        app.Lifetime.ApplicationStarted.Register(() => LogListening(logger, string.Join(", ", app.Urls)));
        return app;
    }

    // The silo cannot validate operator credentials (their signing key belongs to the Api), so its
    // dashboard serves only callers on this machine, for example through an SSH tunnel.
    private static void MapLoopbackDashboard(WebApplication app)
    {
        app.MapOrleansDashboard(routePrefix: DashboardPrefix).AddEndpointFilter(async (context, next) =>
        {
            var remote = context.HttpContext.Connection.RemoteIpAddress;
            if (remote is not null && IPAddress.IsLoopback(remote))
            {
                return await next(context);
            }

            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, type: "urn:voting:problem:forbidden",
                title: "Loopback only.",
                detail: "The silo's dashboard answers callers on this machine only; use an SSH tunnel or the Api's /dashboard.");
        });
    }

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Silo HTTP endpoint listening on {Urls}: /health/live, /health/ready, /metrics, /dashboard (loopback callers only)")]
    private static partial void LogListening(ILogger logger, string urls);
}
