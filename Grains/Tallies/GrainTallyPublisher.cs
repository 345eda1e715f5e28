using Microsoft.Extensions.Logging;
using Voting.Grains.Interfaces;
using Voting.Grains.Interfaces.Tallies;
using Voting.Grains.Ledger;

namespace Voting.Grains.Tallies;

/// <summary>Delivers batch deltas to <see cref="ICategoryGrain"/>s, one call per category per batch.</summary>
public sealed partial class GrainTallyPublisher(IGrainFactory grainFactory, ILogger<GrainTallyPublisher> logger)
    : ITallyPublisher
{
    public void Publish(IReadOnlyList<CategoryCommit> commits)
    {
        foreach (var commit in commits)
        {
            _ = DeliverAsync(commit);
        }
    }

    private async Task DeliverAsync(CategoryCommit commit)
    {
        try
        {
            var grain = grainFactory.GetGrain<ICategoryGrain>(GrainKeys.Compose(commit.ElectionId, commit.CategoryId));
            await grain.AddAsync(new TallyDelta(commit.Sequence, commit.Finalists));
        }
        catch (Exception exception)
        {
            LogDeliveryFailed(logger, exception, commit.ElectionId, commit.CategoryId, commit.Sequence);
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Tally delta {Sequence} for {ElectionId}/{CategoryId} was not delivered; the next reconciliation recounts it from the ledger")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, string electionId,
        string categoryId, long sequence);
}
