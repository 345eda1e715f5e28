using System.Diagnostics.Metrics;
using Voting.Grains.Interfaces.Voting;

namespace Voting.Api.Observability;

/// <summary>
/// The Api's instruments on the <c>Voting</c> meter. Tags name an outcome or a limiter, never a
/// delegate, a finalist or a receipt, so no series can link a delegate to a choice.
/// </summary>
public sealed class VoteMetrics
{
    /// <summary>Our meter's name, the same one the silo's ledger writer uses.</summary>
    public const string MeterName = "Voting";

    private static readonly Dictionary<VoteStatus, KeyValuePair<string, object?>> OutcomeTags =
        Enum.GetValues<VoteStatus>().ToDictionary(s => s, s => new KeyValuePair<string, object?>("outcome", s.ToString()));

    private readonly Counter<long> _votes;
    private readonly Histogram<double> _voteDuration;
    private readonly Counter<long> _admissionRejections;

    public VoteMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _votes = meter.CreateCounter<long>("voting.votes", "{vote}",
            "Votes answered by a delegate grain, by outcome (the VoteStatus name).");
        _voteDuration = meter.CreateHistogram<double>("voting.vote.duration", "ms",
            "Time from the vote request's arrival at the endpoint to the delegate grain's answer.");
        _admissionRejections = meter.CreateCounter<long>("voting.admission.rejections", "{request}",
            "Vote requests rejected before reaching a grain: limiter=concurrency (503) or delegate (429).");
    }

    public void RecordVote(VoteStatus outcome, TimeSpan duration)
    {
        var tag = OutcomeTags[outcome];
        _votes.Add(1, tag);
        _voteDuration.Record(duration.TotalMilliseconds, tag);
    }

    public void RecordAdmissionRejected(string limiter) =>
        _admissionRejections.Add(1, new KeyValuePair<string, object?>("limiter", limiter));
}
