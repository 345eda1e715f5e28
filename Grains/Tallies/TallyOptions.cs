namespace Voting.Grains.Tallies;

/// <summary>Live counter settings (section <c>Voting:Tallies</c>).</summary>
public sealed class TallyOptions
{
    /// <summary>How often a category's counters are rebuilt from a ledger recount.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(10);
}
