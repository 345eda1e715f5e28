using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Voting.Grains.Ledger;

namespace Voting.Silo.Hosting;

public static class TelemetryHosting
{
    /// <summary>The Orleans runtime's meter (activations, messaging, membership), as Orleans 10 names it.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>
    /// Collects our <c>Voting</c> meter, the Orleans runtime's meter, ASP.NET Core's and the .NET
    /// runtime's metrics for a Prometheus scrape; the host maps the scrape endpoint with
    /// <c>MapPrometheusScrapingEndpoint()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddVotingTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics
                .AddMeter(LedgerMetrics.MeterName, OrleansMeter)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        return builder;
    }
}
