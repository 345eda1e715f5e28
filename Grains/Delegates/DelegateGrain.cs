using System.Data.Common;
using Microsoft.Extensions.Logging;
using Voting.Grains.Elections;
using Voting.Grains.Interfaces;
using Voting.Grains.Interfaces.Voting;
using Voting.Grains.Ledger;

namespace Voting.Grains.Delegates;

/// <summary>
/// One delegate. Calls run one at a time, so double taps and retries of one delegate queue
/// here and see each other's outcome. Voted categories come from the ledger's sign-in list
/// (loaded once per activation); receipts of votes accepted by this activation are kept in
/// memory only, so a replay after a reactivation returns "already recorded" without a receipt.
/// </summary>
public sealed partial class DelegateGrain(
    [PersistentState(StateNames.Delegate, StateNames.Storage)] IPersistentState<DelegateState> state,
    BallotCache ballots,
    LedgerWriter writer,
    IBallotLedgerStore store,
    ILogger<DelegateGrain> logger) : Grain, IDelegateGrain
{
    private readonly Dictionary<string, AcceptedVote> _acceptedByKey = new(StringComparer.Ordinal);
    private Dictionary<string, string>? _keyHashByCategory;
    private string _electionId = "";
    private string _delegateId = "";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_electionId, _delegateId) = GrainKeys.Split(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async Task<RegisteredDelegateState> RegisterAsync(string displayName, string? organisation)
    {
        var isNew = !state.State.Registered;
        if (isNew || state.State.DisplayName != displayName || state.State.Organisation != organisation)
        {
            state.State.Registered = true;
            state.State.DisplayName = displayName;
            state.State.Organisation = organisation;
            state.State.CredentialVersion = Math.Max(state.State.CredentialVersion, 1);
            await state.WriteStateAsync();
        }

        return new RegisteredDelegateState(state.State.CredentialVersion, isNew);
    }

    public async Task<int?> ReissueCredentialAsync()
    {
        if (!state.State.Registered)
        {
            return null;
        }

        state.State.CredentialVersion++;
        await state.WriteStateAsync();
        LogCredentialReissued(logger, _electionId, _delegateId, state.State.CredentialVersion);
        return state.State.CredentialVersion;
    }

    public async Task<DelegateStatus> GetStatusAsync(int credentialVersion)
    {
        if (!state.State.Registered)
        {
            return new DelegateStatus(false, false, null, []);
        }

        var current = credentialVersion == state.State.CredentialVersion;

        var voted = current ? (await LoadVotedCategoriesAsync()).Keys.Order(StringComparer.Ordinal).ToList() : [];
        return new DelegateStatus(true, current, state.State.DisplayName, voted);
    }

    public async Task<VoteOutcome> CastAsync(VoteCommand command)
    {
        if (!state.State.Registered)
        {
            // No delegate is registered in an election that does not exist, so report the election as unknown.
            return await ballots.GetAsync(_electionId) is null
                ? VoteOutcome.Of(VoteStatus.UnknownElection)
                : VoteOutcome.Of(VoteStatus.NotRegistered);
        }

        if (command.CredentialVersion != state.State.CredentialVersion)
        {
            return VoteOutcome.Of(VoteStatus.CredentialRevoked);
        }

        if (_acceptedByKey.TryGetValue(command.IdempotencyKey, out var accepted))
        {
            return accepted.CategoryId == command.CategoryId && accepted.FinalistId == command.FinalistId
                ? new VoteOutcome(VoteStatus.Replayed, accepted.Receipt)
                : VoteOutcome.Of(VoteStatus.KeyReused);
        }

        var ballotCheck = await CheckBallotAsync(command);
        if (ballotCheck is not null)
        {
            return ballotCheck;
        }

        var keyHash = Receipts.HashIdempotencyKey(command.IdempotencyKey);
        Dictionary<string, string> voted;
        try
        {
            voted = await LoadVotedCategoriesAsync();
        }
        catch (DbException exception)
        {
            // Nothing was stored, so the vote is retryable. Returning the outcome here, rather than leaving the
            // error to the silo's storage filter, keeps the vote's own 503 telling the client to reuse its key.
            LogSignInsReadFailed(logger, exception, _electionId, _delegateId);
            return VoteOutcome.Of(VoteStatus.Unavailable);
        }

        var earlier = CompareWithEarlierVotes(voted, command.CategoryId, keyHash);
        if (earlier is not null)
        {
            return earlier;
        }

        return await CommitAsync(command, keyHash, voted);
    }

    private async Task<VoteOutcome?> CheckBallotAsync(VoteCommand command)
    {
        var snapshot = await ballots.GetAsync(_electionId);
        var category = snapshot?.Ballot.FindCategory(command.CategoryId);
        if (category is null || !category.HasFinalist(command.FinalistId))
        {
            // The cached copy may predate a ballot change made before opening: look again once.
            snapshot = await ballots.GetAsync(_electionId, refresh: true);
            category = snapshot?.Ballot.FindCategory(command.CategoryId);
        }

        if (snapshot is null)
        {
            return VoteOutcome.Of(VoteStatus.UnknownElection);
        }

        if (category is null)
        {
            return VoteOutcome.Of(VoteStatus.UnknownCategory);
        }

        return category.HasFinalist(command.FinalistId) ? null : VoteOutcome.Of(VoteStatus.UnknownFinalist);
    }

    private static VoteOutcome? CompareWithEarlierVotes(Dictionary<string, string> voted, string categoryId,
        string keyHash)
    {
        if (voted.TryGetValue(categoryId, out var hashInCategory))
        {
            return VoteOutcome.Of(hashInCategory == keyHash ? VoteStatus.AlreadyRecorded : VoteStatus.AlreadyVoted);
        }

        // The same key already counted in another category is the same key with other content.
        return voted.ContainsValue(keyHash) ? VoteOutcome.Of(VoteStatus.KeyReused) : null;
    }

    private async Task<VoteOutcome> CommitAsync(VoteCommand command, string keyHash, Dictionary<string, string> voted)
    {
        var receipt = Receipts.NewReceipt();
        var vote = new LedgerVote(_electionId, command.CategoryId, _delegateId, command.FinalistId, keyHash, receipt);
        LedgerVoteOutcome outcome;
        try
        {
            outcome = await writer.SubmitAsync(vote);
        }
        catch (LedgerOverloadedException)
        {
            return VoteOutcome.Of(VoteStatus.Overloaded);
        }
        catch (LedgerUnavailableException exception)
        {
            LogCommitFailed(logger, exception, _electionId, _delegateId, command.CategoryId);
            return VoteOutcome.Of(VoteStatus.Unavailable);
        }

        switch (outcome.Status)
        {
            case LedgerVoteStatus.Committed:
                voted[command.CategoryId] = keyHash;
                _acceptedByKey[command.IdempotencyKey] = new AcceptedVote(command.CategoryId, command.FinalistId, receipt);
                return new VoteOutcome(VoteStatus.Accepted, receipt);
            case LedgerVoteStatus.Duplicate:
                // Another activation of this delegate (during a membership change) got there first.
                voted[command.CategoryId] = outcome.ExistingKeyHash ?? "";
                LogDuplicateCaughtByLedger(logger, _electionId, _delegateId, command.CategoryId);
                return VoteOutcome.Of(outcome.ExistingKeyHash == keyHash ? VoteStatus.AlreadyRecorded : VoteStatus.AlreadyVoted);
            case LedgerVoteStatus.UnknownFinalist:
                return VoteOutcome.Of(VoteStatus.UnknownFinalist);
            default:
                return VoteOutcome.Of(VoteStatus.CategoryNotOpen);
        }
    }

    private async Task<Dictionary<string, string>> LoadVotedCategoriesAsync()
    {
        if (_keyHashByCategory is null)
        {
            var signIns = await store.GetSignInsAsync(_electionId, _delegateId, CancellationToken.None);
            _keyHashByCategory = signIns.ToDictionary(s => s.CategoryId, s => s.IdempotencyKeyHash, StringComparer.Ordinal);
        }

        return _keyHashByCategory;
    }

    private sealed record AcceptedVote(string CategoryId, string FinalistId, string Receipt);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Delegate {ElectionId}/{DelegateId}: credential reissued as version {CredentialVersion}; older tokens are revoked")]
    private static partial void LogCredentialReissued(ILogger logger, string electionId, string delegateId,
        int credentialVersion);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "Delegate {ElectionId}/{DelegateId}: vote in {CategoryId} failed to commit; the client may retry")]
    private static partial void LogCommitFailed(ILogger logger, Exception exception, string electionId,
        string delegateId, string categoryId);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Warning, Message = "Delegate {ElectionId}/{DelegateId}: reading the sign-in list from the ledger failed; the vote gets a retryable error")]
    private static partial void LogSignInsReadFailed(ILogger logger, Exception exception, string electionId,
        string delegateId);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "Delegate {ElectionId}/{DelegateId}: the ledger rejected a second sign-in to {CategoryId}")]
    private static partial void LogDuplicateCaughtByLedger(ILogger logger, string electionId, string delegateId,
        string categoryId);
}
