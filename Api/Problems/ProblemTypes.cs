namespace Voting.Api.Problems;

/// <summary>
/// The <c>type</c> URIs of our RFC 9457 problem responses. Clients branch on the last segment
/// (for example <c>already-voted</c>).
/// </summary>
public static class ProblemTypes
{
    private const string Prefix = "urn:voting:problem:";

    public const string InvalidJson = Prefix + "invalid-json";
    public const string InvalidForm = Prefix + "invalid-form";
    public const string ValidationFailed = Prefix + "validation-failed";
    public const string UnsupportedMediaType = Prefix + "unsupported-media-type";
    public const string BodyTooLarge = Prefix + "body-too-large";
    public const string MissingIdempotencyKey = Prefix + "missing-idempotency-key";
    public const string InvalidIdempotencyKey = Prefix + "invalid-idempotency-key";
    public const string IdempotencyKeyReused = Prefix + "idempotency-key-reused";
    public const string AlreadyVoted = Prefix + "already-voted";
    public const string CategoryNotOpen = Prefix + "category-not-open";
    public const string ElectionNotFound = Prefix + "election-not-found";
    public const string CategoryNotFound = Prefix + "category-not-found";
    public const string FinalistNotFound = Prefix + "finalist-not-found";
    public const string DelegateNotFound = Prefix + "delegate-not-found";
    public const string ReceiptNotFound = Prefix + "receipt-not-found";
    public const string InvalidCredential = Prefix + "invalid-credential";
    public const string Forbidden = Prefix + "forbidden";
    public const string BallotLocked = Prefix + "ballot-locked";
    public const string PhaseBackwards = Prefix + "phase-backwards";
    public const string Overloaded = Prefix + "overloaded";
    public const string TooManyRequests = Prefix + "too-many-requests";
    public const string Unavailable = Prefix + "unavailable";
    public const string NotFound = Prefix + "not-found";
    public const string InternalError = Prefix + "internal-error";
}
