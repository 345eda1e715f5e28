namespace Voting.Api.Admission;

/// <summary>Admission control of the vote endpoint (section <c>Voting:Admission</c>).</summary>
public sealed class AdmissionOptions
{
    /// <summary>Vote requests processed at once in this Api process.</summary>
    public int ConcurrencyLimit { get; set; } = 256;

    /// <summary>Vote requests waiting for a slot; one more is rejected at once with 503.</summary>
    public int QueueLimit { get; set; } = 512;

    /// <summary>Votes one delegate may send in a burst (the token bucket's size).</summary>
    public int DelegateTokenLimit { get; set; } = 20;

    /// <summary>Tokens added to each delegate's bucket every <see cref="DelegateReplenishmentPeriod"/>.</summary>
    public int DelegateTokensPerPeriod { get; set; } = 5;

    public TimeSpan DelegateReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);

    internal bool IsValid() =>
        ConcurrencyLimit > 0 && QueueLimit >= 0 && DelegateTokenLimit > 0 && DelegateTokensPerPeriod > 0
        && DelegateReplenishmentPeriod > TimeSpan.Zero;
}
