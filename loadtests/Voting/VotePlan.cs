namespace Voting.LoadTests.Voting;

/// <summary>
/// Every vote intent of a run, delegate by delegate (delegate d's vote in category c is at d × categories + c).
/// Finalists and the shares of double taps, second votes and invalid credentials are drawn from a seeded
/// random generator, so a run can be repeated.
/// </summary>
public sealed class VotePlan
{
    private readonly VoteIntent[] _intents;

    public VotePlan(ElectionLayout layout, int delegateCount, HarnessSettings settings)
    {
        var random = new Random(settings.Seed);
        CategoryCount = layout.Categories.Count;
        DelegateCount = delegateCount;
        _intents = new VoteIntent[delegateCount * CategoryCount];
        for (var delegateIndex = 0; delegateIndex < delegateCount; delegateIndex++)
        {
            for (var category = 0; category < CategoryCount; category++)
            {
                _intents[(delegateIndex * CategoryCount) + category] = new VoteIntent(
                    delegateIndex,
                    category,
                    random.Next(layout.FinalistCount(category)),
                    Guid.NewGuid().ToString("N"),
                    doubleTap: random.NextDouble() < settings.DoubleTapShare,
                    secondVote: random.NextDouble() < settings.SecondVoteShare,
                    invalidCredential: random.NextDouble() < settings.InvalidCredentialShare);
            }
        }
    }

    public int CategoryCount { get; }
    public int DelegateCount { get; }
    public IReadOnlyList<VoteIntent> Intents => _intents;

    public VoteIntent Intent(int delegateIndex, int categoryIndex) =>
        _intents[(delegateIndex * CategoryCount) + categoryIndex];

    /// <summary>Hands out the intents of delegates [first, first + count) in order, to any number of senders.</summary>
    public IntentSource Source(int firstDelegate, int delegateCount)
    {
        var start = Math.Min(firstDelegate, DelegateCount) * CategoryCount;
        var end = Math.Min(firstDelegate + delegateCount, DelegateCount) * CategoryCount;
        return new IntentSource(_intents, start, end);
    }
}

/// <summary>A thread-safe cursor over a range of the plan's intents.</summary>
public sealed class IntentSource(VoteIntent[] intents, int start, int end)
{
    private int _next = start - 1;

    public int Remaining => Math.Max(0, end - (Volatile.Read(ref _next) + 1));

    public bool TryNext(out VoteIntent intent)
    {
        var index = Interlocked.Increment(ref _next);
        if (index < end)
        {
            intent = intents[index];
            return true;
        }

        intent = null!;
        return false;
    }
}
