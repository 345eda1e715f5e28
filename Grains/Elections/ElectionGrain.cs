using Microsoft.Extensions.Logging;
using Voting.Grains.Interfaces;
using Voting.Grains.Interfaces.Ballots;
using Voting.Grains.Interfaces.Tallies;
using Voting.Grains.Interfaces.Voting;
using Voting.Grains.Ledger;

namespace Voting.Grains.Elections;

/// <summary>
/// One election: the ballot, each category's phase and the sealed results. Phase changes write
/// the ledger first, because it decides the close instant, and this grain's state second. On
/// activation the state catches up with the ledger's windows in case a change stopped halfway.
/// </summary>
public sealed partial class ElectionGrain(
    [PersistentState(StateNames.Election, StateNames.Storage)] IPersistentState<ElectionState> state,
    IBallotLedgerStore store,
    TimeProvider timeProvider,
    ILogger<ElectionGrain> logger) : Grain, IElectionGrain
{
    private const int RegistrationConcurrency = 64;

    private string ElectionId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Ballot is null)
        {
            return;
        }

        var windows = await store.GetWindowsAsync(ElectionId, cancellationToken);
        var caughtUp = false;
        foreach (var (categoryId, window) in windows)
        {
            var ledgerPhase = window.State == LedgerWindowState.Open ? CategoryPhase.Open : CategoryPhase.Closed;
            if (state.State.Phases.GetValueOrDefault(categoryId) < ledgerPhase)
            {
                state.State.Phases[categoryId] = ledgerPhase;
                caughtUp = true;
            }
        }

        if (caughtUp)
        {
            LogCaughtUpWithLedger(logger, ElectionId);
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public Task<ElectionSnapshot?> GetSnapshotAsync() => Task.FromResult(Snapshot());

    public async Task<BallotChangeResult> DefineAsync(BallotDefinition ballot)
    {
        if (ballot.ElectionId != ElectionId)
        {
            throw new ArgumentException($"Ballot is for '{ballot.ElectionId}', not '{ElectionId}'.", nameof(ballot));
        }

        var replacing = state.State.Ballot is not null;
        if (state.State.Phases.Values.Any(p => p != CategoryPhase.Scheduled))
        {
            return new BallotChangeResult(BallotChangeStatus.Locked, state.State.BallotVersion);
        }

        state.State.Ballot = WithListCollections(ballot);
        state.State.BallotVersion++;
        state.State.Phases = ballot.Categories.ToDictionary(c => c.Id, _ => CategoryPhase.Scheduled);
        await state.WriteStateAsync();
        LogBallotDefined(logger, ElectionId, state.State.BallotVersion, ballot.Categories.Count);
        return new BallotChangeResult(replacing ? BallotChangeStatus.Replaced : BallotChangeStatus.Defined,
            state.State.BallotVersion);
    }

    /// <summary>
    /// Copies the ballot's collections into <see cref="List{T}"/>. The ADO.NET storage's JSON
    /// records each collection's runtime type, and it cannot read back types such as the one a
    /// C# collection expression produces, which would leave the election unreadable after a restart.
    /// </summary>
    private static BallotDefinition WithListCollections(BallotDefinition ballot) => ballot with
    {
        Categories = ballot.Categories.Select(c => c with
        {
            Finalists = c.Finalists.Select(f => f with { Projects = f.Projects.ToList() }).ToList(),
        }).ToList(),
    };

    public async Task<PhaseChangeResult> ChangePhaseAsync(string? categoryId, CategoryPhase target)
    {
        var ballot = state.State.Ballot;
        if (ballot is null)
        {
            return Result(PhaseChangeStatus.UnknownElection, $"Election '{ElectionId}' has no ballot.");
        }

        IReadOnlyList<CategoryDefinition> categories = ballot.Categories;
        if (categoryId is not null)
        {
            var category = ballot.FindCategory(categoryId);
            if (category is null)
            {
                return Result(PhaseChangeStatus.UnknownCategory, $"Category '{categoryId}' is not on the ballot.");
            }

            var current = state.State.Phases.GetValueOrDefault(categoryId);
            if (current > target)
            {
                return Result(PhaseChangeStatus.Backwards,
                    $"Category '{categoryId}' is {current}; phases never move back to {target}.");
            }

            categories = [category];
        }

        var changed = false;
        foreach (var category in categories.Where(c => state.State.Phases.GetValueOrDefault(c.Id) < target))
        {
            await AdvanceAsync(category, target);
            changed = true;
        }

        return Result(changed ? PhaseChangeStatus.Changed : PhaseChangeStatus.Unchanged);
    }

    private async Task AdvanceAsync(CategoryDefinition category, CategoryPhase target)
    {
        var current = state.State.Phases.GetValueOrDefault(category.Id);
        if (current < CategoryPhase.Open)
        {
            await store.OpenCategoryAsync(ElectionId, category.Id, category.Finalists.Select(f => f.Id).ToList(),
                CancellationToken.None);
            await SetPhaseAsync(category.Id, CategoryPhase.Open);
            LogCategoryOpened(logger, ElectionId, category.Id);
        }

        if (current < CategoryPhase.Closed && target >= CategoryPhase.Closed)
        {
            var closedAt = await store.CloseCategoryAsync(ElectionId, category.Id, CancellationToken.None);
            await SetPhaseAsync(category.Id, CategoryPhase.Closed);
            LogCategoryClosed(logger, ElectionId, category.Id, closedAt);
        }

        if (target == CategoryPhase.Published)
        {
            var result = await CountForPublicationAsync(category);
            state.State.Results[category.Id] = result;
            await SetPhaseAsync(category.Id, CategoryPhase.Published);
            LogCategoryPublished(logger, ElectionId, category.Id, result.Ballots, result.CountersMatchedLedger);
        }
    }

    private async Task<PublishedResult> CountForPublicationAsync(CategoryDefinition category)
    {
        // The audit recounts from the ledger; the ledger's figures are published even when the
        // live counters disagree, and the disagreement is recorded beside them.
        var tally = GrainFactory.GetGrain<ICategoryGrain>(GrainKeys.Compose(ElectionId, category.Id));
        var audit = await tally.AuditAsync();
        var finalists = category.Finalists
            .Select(f => new FinalistCount(f.Id, audit.LedgerFinalists.GetValueOrDefault(f.Id)))
            .ToList();
        return new PublishedResult(category.Id, audit.LedgerBallots, audit.Digest, finalists, audit.Matches,
            timeProvider.GetUtcNow());
    }

    private async Task SetPhaseAsync(string categoryId, CategoryPhase phase)
    {
        state.State.Phases[categoryId] = phase;
        await state.WriteStateAsync();
    }

    public async Task<string?> FindPublishedReceiptAsync(string receipt)
    {
        var categoryId = await store.FindReceiptAsync(ElectionId, receipt, CancellationToken.None);
        return categoryId is not null && state.State.Results.ContainsKey(categoryId) ? categoryId : null;
    }

    public async Task<RegistrationResult> RegisterDelegatesAsync(IReadOnlyList<DelegateRegistration> delegates)
    {
        if (state.State.Ballot is null)
        {
            return new RegistrationResult(false, [], 0);
        }

        var registered = new List<RegisteredDelegate>(delegates.Count);
        foreach (var chunk in delegates.Chunk(RegistrationConcurrency))
        {
            var results = await Task.WhenAll(chunk.Select(d => GrainFactory
                .GetGrain<IDelegateGrain>(GrainKeys.Compose(ElectionId, d.DelegateId))
                .RegisterAsync(d.DisplayName, d.Organisation)));
            registered.AddRange(chunk.Zip(results, (d, r) => new RegisteredDelegate(d.DelegateId, r.CredentialVersion, r.IsNew)));
        }

        var added = registered.Count(r => r.IsNew);
        state.State.RegisteredDelegates += added;
        await state.WriteStateAsync();
        LogDelegatesRegistered(logger, ElectionId, delegates.Count, added, state.State.RegisteredDelegates);
        return new RegistrationResult(true, registered, state.State.RegisteredDelegates);
    }

    private ElectionSnapshot? Snapshot() => state.State.Ballot is null
        ? null
        : new ElectionSnapshot(state.State.Ballot, state.State.BallotVersion,
            new Dictionary<string, CategoryPhase>(state.State.Phases), state.State.RegisteredDelegates,
            new Dictionary<string, PublishedResult>(state.State.Results));

    private PhaseChangeResult Result(PhaseChangeStatus status, string? detail = null) =>
        new(status, new Dictionary<string, CategoryPhase>(state.State.Phases), detail);
}
