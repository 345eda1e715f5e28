using Voting.Api.Problems;
using Voting.Grains.Interfaces.Voting;

namespace Voting.Api.Voting;

/// <summary>Maps a delegate grain's vote outcome to the HTTP response the contract promises.</summary>
public static class VoteOutcomes
{
    public static IResult ToResult(VoteOutcome outcome, string electionId, string categoryId, string finalistId,
        HttpResponse response)
    {
        switch (outcome.Status)
        {
            case VoteStatus.Accepted:
            case VoteStatus.Replayed:
                return TypedResults.Json(new VoteResponse(outcome.Receipt, categoryId, "accepted"),
                    statusCode: StatusCodes.Status201Created);
            case VoteStatus.AlreadyRecorded:
                return TypedResults.Json(new VoteResponse(null, categoryId, "already-recorded"));
            case VoteStatus.Overloaded:
                response.Headers.RetryAfter = "1";
                return Problem.Of(StatusCodes.Status503ServiceUnavailable, ProblemTypes.Overloaded,
                    "Too many votes at once; retry.", "The ledger queue is full. Retry with the same Idempotency-Key.");
            case VoteStatus.Unavailable:
                response.Headers.RetryAfter = "1";
                return Problem.Unavailable("The vote was not recorded. Retry with the same Idempotency-Key.");
        }

        return outcome.Status switch
        {
            VoteStatus.AlreadyVoted => Problem.Of(StatusCodes.Status409Conflict, ProblemTypes.AlreadyVoted,
                "Already voted.", $"This delegate already voted in category '{categoryId}'."),
            VoteStatus.KeyReused => Problem.Of(StatusCodes.Status422UnprocessableEntity, ProblemTypes.IdempotencyKeyReused,
                "Idempotency-Key reused.", "This Idempotency-Key was already used for a different vote; use a new key."),
            VoteStatus.CategoryNotOpen => Problem.Of(StatusCodes.Status409Conflict, ProblemTypes.CategoryNotOpen,
                "Category not open.", $"Category '{categoryId}' is not open for voting."),
            VoteStatus.UnknownElection => Problem.ElectionNotFound(electionId),
            VoteStatus.UnknownCategory => Problem.CategoryNotFound(electionId, categoryId),
            VoteStatus.UnknownFinalist => Problem.Of(StatusCodes.Status404NotFound, ProblemTypes.FinalistNotFound,
                "Finalist not found.", $"Category '{categoryId}' has no finalist '{finalistId}'."),
            VoteStatus.NotRegistered => Problem.InvalidCredential("This delegate is not registered for this election."),
            VoteStatus.CredentialRevoked => Problem.InvalidCredential(
                "This credential was revoked when a new one was issued; use the newest credential."),
            _ => throw new InvalidOperationException($"Unhandled vote status {outcome.Status}."),
        };
    }
}
