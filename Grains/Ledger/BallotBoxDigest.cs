using System.Security.Cryptography;
using System.Text;

namespace Voting.Grains.Ledger;

/// <summary>
/// SHA-256 over a category's ballot box: one line "receipt TAB finalist LF" per ballot, in
/// ordinal receipt order, as lowercase hex. Anyone with the published box can recompute it.
/// </summary>
public static class BallotBoxDigest
{
    public static string Compute(IEnumerable<BallotBoxEntry> entries)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var entry in entries.OrderBy(e => e.Receipt, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{entry.Receipt}\t{entry.FinalistId}\n"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
