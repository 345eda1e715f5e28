using Xunit.Abstractions;

namespace Voting.Chaos.Tests;

/// <summary>Adding, stopping and killing silos while delegates vote. The tests share one cluster.</summary>
public sealed class SiloFaultTests(SharedServerCluster fixture, ITestOutputHelper output)
    : IClassFixture<SharedServerCluster>
{
    private static readonly TimeSpan GracefulStopBound = TimeSpan.FromSeconds(40);

    private LocalCluster Cluster => fixture.Cluster;

    [ChaosFact]
    public async Task AddSilo_WhileVoting_CountsEveryVoteOnce()
    {
        await ChaosScenario.RunAsync(Cluster, fixture.OperatorToken, async () =>
        {
            var silo = await Cluster.AddSiloAsync();
            output.WriteLine($"added {silo.Name} (PID {silo.Pid})");
        }, output);
    }

    [ChaosFact]
    public async Task GracefulStop_WhileVoting_CountsEveryVoteOnce()
    {
        await EnsureTwoRunningSilosAsync();
        await ChaosScenario.RunAsync(Cluster, fixture.OperatorToken, async () =>
        {
            var silo = Cluster.RunningSilos.First();
            var took = await silo.StopGracefullyAsync(GracefulStopBound);
            output.WriteLine($"stopped {silo.Name} (PID {silo.Pid}) with SIGTERM in {took.TotalSeconds:F1}s");
            var log = await File.ReadAllTextAsync(silo.LogPath);
            Assert.Contains("Ledger writer drained", log);
            Assert.Contains("left the cluster membership", log);
        }, output);
    }

    [ChaosFact]
    public async Task Kill_WhileVoting_CountsEveryVoteOnce()
    {
        await EnsureTwoRunningSilosAsync();
        await ChaosScenario.RunAsync(Cluster, fixture.OperatorToken, () =>
        {
            var silo = Cluster.RunningSilos.First();
            silo.Kill();
            output.WriteLine($"killed {silo.Name} (PID {silo.Pid}) with SIGKILL");
            return Task.CompletedTask;
        }, output);
    }

    private async Task EnsureTwoRunningSilosAsync()
    {
        while (Cluster.RunningSilos.Count() < 2)
        {
            await Cluster.AddSiloAsync();
        }
    }
}
