using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Voting.Grains.Hosting;
using Voting.Grains.Interfaces;
using Voting.Grains.Interfaces.Ballots;
using Voting.Grains.Interfaces.Voting;
using Voting.Grains.Ledger;

namespace Voting.Grains.Tests.Grains;

/// <summary>An in-process Orleans test cluster with the voting grains on the in-memory ledger.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; } = new TestClusterBuilder(1)
        .AddSiloBuilderConfigurator<SiloConfigurator>()
        .Build();

    public IGrainFactory Grains => Cluster.GrainFactory;

    public IBallotLedgerStore Store =>
        ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services.GetRequiredService<IBallotLedgerStore>();

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>Defines a fresh election with two categories (f1..f3 each) and registers the delegates.</summary>
    public async Task<string> CreateElectionAsync(params string[] delegateIds)
    {
        var electionId = $"e-{Guid.NewGuid():N}";
        var finalists = new[] { "f1", "f2", "f3" }
            .Select(id => new FinalistDefinition(id, $"Finalist {id}", [new ProjectDefinition("Project", "Summary")]))
            .ToList();
        var ballot = new BallotDefinition(electionId, "Test election",
            [new CategoryDefinition("c1", "Category 1", null, finalists), new CategoryDefinition("c2", "Category 2", null, finalists)]);
        var election = Grains.GetGrain<IElectionGrain>(electionId);
        await election.DefineAsync(ballot);
        await election.RegisterDelegatesAsync(delegateIds.Select(d => new DelegateRegistration(d, d, null)).ToList());
        return electionId;
    }

    public IDelegateGrain Delegate(string electionId, string delegateId) =>
        Grains.GetGrain<IDelegateGrain>(GrainKeys.Compose(electionId, delegateId));

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Voting:Tallies:ReconcileInterval"] = "00:00:00.300",
                })
                .Build();
            siloBuilder.AddMemoryGrainStorage(StateNames.Storage);
            siloBuilder.Services.AddVotingGrainServices(configuration);
            siloBuilder.Services.AddSingleton<IBallotLedgerStore, InMemoryLedgerStore>();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
