namespace Voting.Grains;

/// <summary>
/// Grain storage names. ADO.NET storage keys rows by state name and grain key, not grain type,
/// so every persistent state gets its own name.
/// </summary>
public static class StateNames
{
    public const string Storage = "voting";
    public const string Election = "election";
    public const string Delegate = "delegate";
}
