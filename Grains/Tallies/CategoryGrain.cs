using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Voting.Grains.Interfaces;
using Voting.Grains.Interfaces.Tallies;
using Voting.Grains.Ledger;

namespace Voting.Grains.Tallies;

/// <summary>
/// Live counters for one category. On activation they start from a ledger recount at commit
/// sequence S, and later deltas above S are added once each. A periodic check reads the ledger's
/// sequence. When a delta at or below it has not arrived within one interval, the grain recounts
/// and rebuilds the counters as "ledger at S' plus deltas above S'", which heals the lost delta.
/// </summary>
public sealed partial class CategoryGrain(
    IBallotLedgerStore store,
    IOptions<TallyOptions> options,
    ILogger<CategoryGrain> logger) : Grain, ICategoryGrain
{
    private readonly Dictionary<long, IReadOnlyDictionary<string, int>> _deltasAboveBaseline = [];
    private Dictionary<string, long> _baseline = [];
    private long _baselineSequence;
    private long _sequenceAtLastTick;
    private string _electionId = "";
    private string _categoryId = "";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_electionId, _categoryId) = GrainKeys.Split(this.GetPrimaryKeyString());
        await RecountAsync(cancellationToken);
        var period = options.Value.ReconcileInterval;
        this.RegisterGrainTimer(ReconcileAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = false });
    }

    public Task AddAsync(TallyDelta delta)
    {
        if (delta.Sequence > _baselineSequence)
        {
            _deltasAboveBaseline.TryAdd(delta.Sequence, delta.Finalists);
        }

        return Task.CompletedTask;
    }

    public Task<CategoryTally> GetTallyAsync()
    {
        var counters = CurrentCounters();
        return Task.FromResult(new CategoryTally(_categoryId, counters.Values.Sum(), counters));
    }

    public async Task<CategoryAudit> AuditAsync()
    {
        var count = await store.CountAsync(_electionId, _categoryId, CancellationToken.None);
        var box = await store.ReadBallotBoxAsync(_electionId, _categoryId, CancellationToken.None);

        // Compare like with like: the counters as they stood at the ledger's sequence.
        var counters = CountersThrough(count.Sequence);
        var audit = new CategoryAudit(_categoryId, count.SignIns, count.Ballots, count.Finalists,
            counters.Values.Sum(), counters, BallotBoxDigest.Compute(box));
        if (!audit.Matches)
        {
            LogMismatch(logger, _electionId, _categoryId, audit.LedgerBallots, audit.CounterBallots);
        }

        return audit;
    }

    /// <summary>
    /// Recounts only when a delta is missing: some sequence at or below the ledger's sequence at
    /// the previous tick has not arrived, although it had a whole interval to do so. A recount
    /// reads the whole category, while this check reads one row.
    /// </summary>
    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        try
        {
            var checkedThrough = _sequenceAtLastTick;
            _sequenceAtLastTick = await store.GetSequenceAsync(_electionId, _categoryId, cancellationToken);
            if (HasGapThrough(checkedThrough))
            {
                LogRecountingAfterGap(logger, _electionId, _categoryId, checkedThrough);
                await RecountAsync(cancellationToken);
            }
        }
        catch (Exception exception)
        {
            LogReconcileFailed(logger, exception, _electionId, _categoryId);
        }
    }

    private async Task RecountAsync(CancellationToken cancellationToken)
    {
        var count = await store.CountAsync(_electionId, _categoryId, cancellationToken);
        if (count.Sequence < _baselineSequence)
        {
            return;
        }

        _baseline = count.Finalists.ToDictionary(kv => kv.Key, kv => kv.Value);
        _baselineSequence = count.Sequence;
        foreach (var sequence in _deltasAboveBaseline.Keys.Where(s => s <= count.Sequence).ToList())
        {
            _deltasAboveBaseline.Remove(sequence);
        }
    }

    private bool HasGapThrough(long sequence)
    {
        for (var expected = _baselineSequence + 1; expected <= sequence; expected++)
        {
            if (!_deltasAboveBaseline.ContainsKey(expected))
            {
                return true;
            }
        }

        return false;
    }

    private Dictionary<string, long> CurrentCounters() => CountersThrough(long.MaxValue);

    private Dictionary<string, long> CountersThrough(long sequence)
    {
        var counters = new Dictionary<string, long>(_baseline);
        foreach (var (deltaSequence, finalists) in _deltasAboveBaseline)
        {
            if (deltaSequence > sequence)
            {
                continue;
            }

            foreach (var (finalistId, votes) in finalists)
            {
                counters[finalistId] = counters.GetValueOrDefault(finalistId) + votes;
            }
        }

        return counters;
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Audit of {ElectionId}/{CategoryId}: ledger has {LedgerBallots} ballots, live counters {CounterBallots}; the ledger wins")]
    private static partial void LogMismatch(ILogger logger, string electionId, string categoryId, long ledgerBallots,
        long counterBallots);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "Counters of {ElectionId}/{CategoryId} missed a batch delta at or below sequence {Sequence}; recounting from the ledger")]
    private static partial void LogRecountingAfterGap(ILogger logger, string electionId, string categoryId, long sequence);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Reconciling {ElectionId}/{CategoryId} with the ledger failed; the counters keep their last values")]
    private static partial void LogReconcileFailed(ILogger logger, Exception exception, string electionId,
        string categoryId);
}
