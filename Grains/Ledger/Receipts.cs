using System.Security.Cryptography;
using System.Text;

namespace Voting.Grains.Ledger;

/// <summary>
/// Random ballot receipts and idempotency-key hashes. Receipts are 128 random bits in lowercase
/// Crockford base32, so they carry no time and no order.
/// </summary>
public static class Receipts
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    public static string NewReceipt()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return ToBase32(bytes);
    }

    /// <summary>Returns the lowercase hex SHA-256 of an idempotency key.</summary>
    public static string HashIdempotencyKey(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string ToBase32(ReadOnlySpan<byte> bytes)
    {
        var output = new StringBuilder(26);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                output.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            output.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return output.ToString();
    }
}
