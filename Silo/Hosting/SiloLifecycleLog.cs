using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Voting.Silo.Hosting;

/// <summary>Logs when this silo joins the cluster, begins a graceful stop and has left the membership.</summary>
internal sealed partial class SiloLifecycleLog(ILocalSiloDetails silo, IOptions<ClusterOptions> cluster,
    TimeProvider time, ILogger<SiloLifecycleLog> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private long _stopStarted;

    public void Participate(ISiloLifecycle lifecycle)
    {
        lifecycle.Subscribe(nameof(SiloLifecycleLog), ServiceLifecycleStage.Active, OnActiveAsync, OnStoppingAsync);

        // Stops run in descending stage order, and the membership agent writes Dead at RuntimeInitialize + 1.
        lifecycle.Subscribe(nameof(SiloLifecycleLog), ServiceLifecycleStage.RuntimeInitialize,
            _ => Task.CompletedTask, OnLeftAsync);
    }

    private Task OnActiveAsync(CancellationToken cancellationToken)
    {
        LogJoined(logger, silo.SiloAddress, cluster.Value.ClusterId, silo.GatewayAddress);
        return Task.CompletedTask;
    }

    private Task OnStoppingAsync(CancellationToken cancellationToken)
    {
        _stopStarted = time.GetTimestamp();
        LogStopping(logger, silo.SiloAddress);
        return Task.CompletedTask;
    }

    private Task OnLeftAsync(CancellationToken cancellationToken)
    {
        var elapsed = _stopStarted == 0 ? TimeSpan.Zero : time.GetElapsedTime(_stopStarted);
        LogLeft(logger, silo.SiloAddress, elapsed.TotalMilliseconds);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 1211, Level = LogLevel.Information, Message = "Silo {SiloAddress} joined cluster {ClusterId} and is active; clients connect through gateway {GatewayAddress}")]
    private static partial void LogJoined(ILogger logger, SiloAddress siloAddress, string clusterId,
        SiloAddress? gatewayAddress);

    [LoggerMessage(EventId = 1212, Level = LogLevel.Information, Message = "Silo {SiloAddress} stopping: no new activations, deactivating grains, draining the ledger writer")]
    private static partial void LogStopping(ILogger logger, SiloAddress siloAddress);

    [LoggerMessage(EventId = 1213, Level = LogLevel.Information, Message = "Silo {SiloAddress} left the cluster membership after {ElapsedMs:F0} ms")]
    private static partial void LogLeft(ILogger logger, SiloAddress siloAddress, double elapsedMs);
}
