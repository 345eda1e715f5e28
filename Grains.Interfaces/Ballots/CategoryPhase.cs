namespace Voting.Grains.Interfaces.Ballots;

/// <summary>
/// A category's phase. Phases only move forward, one step at a time or several at once,
/// and only on an operator's request.
/// </summary>
[GenerateSerializer, Alias("voting.CategoryPhase")]
public enum CategoryPhase
{
    Scheduled = 0,
    Open = 1,
    Closed = 2,
    Published = 3,
}
