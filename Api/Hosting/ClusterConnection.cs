using Orleans.Configuration;
using Orleans.Dashboard;
using Voting.Silo.Hosting;

namespace Voting.Api.Hosting;

/// <summary>
/// Connects the Api to grains. <c>Voting:Cluster:Mode</c> = <c>InProcess</c> (the default) hosts a
/// silo in this process; <c>Client</c> joins an existing cluster as an Orleans client.
/// </summary>
public static class ClusterConnection
{
    public static WebApplicationBuilder AddVotingCluster(this WebApplicationBuilder builder)
    {
        var mode = builder.Configuration["Voting:Cluster:Mode"] ?? "InProcess";
        if (mode.Equals("InProcess", StringComparison.OrdinalIgnoreCase))
        {
            builder.AddVotingSilo();
            return builder;
        }

        if (!mode.Equals("Client", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Voting:Cluster:Mode is '{mode}'; expected 'InProcess' or 'Client'.");
        }

        var cluster = builder.Configuration.GetSection("Voting:Cluster").Get<ClusterSettings>() ?? new ClusterSettings();
        var storage = StorageSelection.Read(builder.Configuration);
        builder.UseOrleansClient(client =>
        {
            // The dashboard's client half, so the Api serves /dashboard for separate silos too.
            if (DashboardSettings.IsEnabled(builder.Configuration))
            {
                client.AddDashboard();
            }

            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.ClusterId;
                options.ServiceId = cluster.ServiceId;
            });
            if (storage == StorageKind.Memory)
            {
                client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
            }
            else
            {
                var connectionString = PostgresConnection.Read(builder.Configuration);
                client.UseAdoNetClustering(options =>
                {
                    options.Invariant = PostgresSiloStorage.Invariant;
                    options.ConnectionString = connectionString;
                });
            }
        });
        return builder;
    }
}
