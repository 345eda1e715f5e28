using System.Collections.Concurrent;
using Voting.Grains.Interfaces.Ballots;

namespace Voting.Grains.Elections;

/// <summary>
/// A per-silo copy of each election's snapshot, so that delegate grains do not all call the one
/// election grain on every activation. Entries expire after a few seconds. A caller that finds an
/// id missing calls again with <c>refresh</c> set, because the ballot may have changed before opening.
/// </summary>
public sealed class BallotCache(IGrainFactory grainFactory, TimeProvider timeProvider)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async ValueTask<ElectionSnapshot?> GetAsync(string electionId, bool refresh = false)
    {
        var now = timeProvider.GetUtcNow();
        if (!refresh && _entries.TryGetValue(electionId, out var entry) && now - entry.FetchedAt < Lifetime)
        {
            return entry.Snapshot;
        }

        var snapshot = await grainFactory.GetGrain<IElectionGrain>(electionId).GetSnapshotAsync();
        _entries[electionId] = new Entry(snapshot, now);
        return snapshot;
    }

    private sealed record Entry(ElectionSnapshot? Snapshot, DateTimeOffset FetchedAt);
}
