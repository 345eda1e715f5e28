using Voting.Grains.Interfaces.Ballots;

namespace Voting.Grains.Elections;

/// <summary>An election's persistent state.</summary>
[GenerateSerializer, Alias("voting.ElectionState")]
public sealed class ElectionState
{
    [Id(0)] public BallotDefinition? Ballot { get; set; }
    [Id(1)] public long BallotVersion { get; set; }
    [Id(2)] public Dictionary<string, CategoryPhase> Phases { get; set; } = [];
    [Id(3)] public int RegisteredDelegates { get; set; }
    [Id(4)] public Dictionary<string, PublishedResult> Results { get; set; } = [];
}
