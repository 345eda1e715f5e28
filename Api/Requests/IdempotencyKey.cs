namespace Voting.Api.Requests;

/// <summary>The <c>Idempotency-Key</c> header's rule: 1 to 255 printable ASCII characters.</summary>
public static class IdempotencyKey
{
    public const string HeaderName = "Idempotency-Key";
    public const int MaxLength = 255;

    public static bool IsValid(string key) =>
        key.Length is > 0 and <= MaxLength && key.All(c => c is >= (char)0x20 and <= (char)0x7E);
}
