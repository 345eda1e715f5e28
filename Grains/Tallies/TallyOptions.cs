namespace Voting.Grains.Tallies;

/// <summary>Live counter settings (section <c>Voting:Tallies</c>).</summary>
public sealed class TallyOptions
{
    /// <summary>How often a category's counters look for a lost delta; a delta still missing after one interval triggers a recount.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(10);
}
