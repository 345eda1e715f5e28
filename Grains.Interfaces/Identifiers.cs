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

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
