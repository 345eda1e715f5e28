using System.Text.RegularExpressions;

namespace Voting.Grains.Interfaces;

/// <summary>
/// The one rule for election, category, finalist and delegate ids: 1 to 64 characters from
/// [A-Za-z0-9._-]. Ids are case-sensitive and compared as strings, so "007" and "7" differ.
/// </summary>
public static partial class Identifiers
{
    public const int MaxLength = 64;

    public static bool IsValid(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>True for a well-formed receipt: 26 characters of lowercase Crockford base32.</summary>
    public static bool IsReceipt(string? receipt) => receipt is not null && ReceiptPattern().IsMatch(receipt);

    // '\z', not '$': in .NET, '$' also matches before a final '\n', which would let "id\n" through.
    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[0-9a-hjkmnp-tv-z]{26}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ReceiptPattern();
}
