using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.Dashboard;
using Voting.Grains;
using Voting.Grains.Hosting;
using Voting.Grains.Ledger;

namespace Voting.Silo.Hosting;

public static partial class SiloHostingExtensions
{
    /// <summary>
    /// Hosts an Orleans silo with the voting grains. Storage follows <c>Voting:Storage</c>; the
    /// Api calls this too in its one-process mode.
    /// </summary>
    public static IHostApplicationBuilder AddVotingSilo(this IHostApplicationBuilder builder)
    {
        var storage = StorageSelection.Read(builder.Configuration);
        var cluster = builder.Configuration.GetSection("Voting:Cluster").Get<ClusterSettings>() ?? new ClusterSettings();
        builder.Services.AddVotingGrainServices(builder.Configuration);
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, LedgerWriterLifecycle>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SiloLifecycleLog>();
        ShutdownSettings.Apply(builder);
        builder.Services.AddHostedService<StorageBanner>();

        // Orleans' placement pipeline logs every grain placement at Information through Polly.
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.Logging.AddFilter("Orleans.Runtime.Silo", LogLevel.Information);
        builder.Logging.AddFilter("Orleans.Runtime.MembershipService", LogLevel.Information);

        builder.UseOrleans(silo =>
        {
            silo.AddIncomingGrainCallFilter<StorageFailureFilter>();

            // The dashboard's silo half: grain profiling and statistics that a dashboard page reads.
            if (DashboardSettings.IsEnabled(builder.Configuration))
            {
                silo.AddDashboard();
            }

            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.ClusterId;
                options.ServiceId = cluster.ServiceId;
            });

            if (storage == StorageKind.Memory)
            {
                silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId,
                    clusterId: cluster.ClusterId);
                silo.AddMemoryGrainStorage(StateNames.Storage);
                silo.Services.AddSingleton<IBallotLedgerStore, InMemoryLedgerStore>();
            }
            else
            {
                var dataSource = PostgresConnection.CreateDataSource(PostgresConnection.Read(builder.Configuration));
                var migrateOnStart = builder.Configuration.GetValue("Voting:Postgres:MigrateOnStart", true);
                silo.UseVotingPostgres(dataSource, migrateOnStart);
                silo.Services.AddHostedService<PostgresBudgetCheck>();
                if (builder.Configuration["Voting:Ledger:MaxBatchDelay"] is null)
                {
                    silo.Services.Configure<LedgerWriterOptions>(options =>
                        options.MaxBatchDelay = LedgerWriterOptions.PostgresMaxBatchDelay);
                }

                var address = ParseAdvertisedAddress(cluster);
                if (address is null)
                {
                    silo.ConfigureEndpoints(cluster.SiloPort, cluster.GatewayPort);
                }
                else
                {
                    silo.ConfigureEndpoints(address, cluster.SiloPort, cluster.GatewayPort);
                }
            }
        });
        return builder;
    }

    internal static IPAddress? ParseAdvertisedAddress(ClusterSettings cluster)
    {
        if (string.IsNullOrWhiteSpace(cluster.AdvertisedAddress))
        {
            return null;
        }

        return IPAddress.TryParse(cluster.AdvertisedAddress, out var address)
            ? address
            : throw new InvalidOperationException(
                $"Voting:Cluster:AdvertisedAddress is '{cluster.AdvertisedAddress}', which is not an IP address.");
    }

    /// <summary>Logs at start which storage keeps the votes, as a warning when nothing is durable.</summary>
    private sealed partial class StorageBanner(IConfiguration configuration, ILogger<StorageBanner> logger)
        : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var storage = StorageSelection.Read(configuration);
            if (storage == StorageKind.Memory)
            {
                LogNotDurable(logger);
            }
            else
            {
                LogDurable(logger, storage);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "IN-MEMORY MODE: votes, delegates and phases live in this process only and are LOST when it stops. Set Voting:Storage=Postgres for a real election.")]
        private static partial void LogNotDurable(ILogger logger);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Silo storage: {Storage}")]
        private static partial void LogDurable(ILogger logger, StorageKind storage);
    }
}
