using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Voting.Grains.Elections;
using Voting.Grains.Ledger;
using Voting.Grains.Tallies;

namespace Voting.Grains.Hosting;

public static class VotingGrainServices
{
    /// <summary>
    /// Registers what the grains need on a silo: the ledger writer, the tally publisher, the ballot
    /// cache and their options. The ledger store itself is chosen by the silo's storage setting.
    /// </summary>
    public static IServiceCollection AddVotingGrainServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LedgerWriterOptions>(configuration.GetSection("Voting:Ledger"));
        services.Configure<TallyOptions>(configuration.GetSection("Voting:Tallies"));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ITallyPublisher, GrainTallyPublisher>();
        services.AddSingleton<LedgerWriter>();
        services.AddSingleton<BallotCache>();
        return services;
    }
}
