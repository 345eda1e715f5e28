using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Voting.Api.Tests.Infrastructure;

/// <summary>
/// Forges variants of a real token: the claims are copied from a token the Api issued, so the
/// tests do not depend on the claim names, and only the lifetime, a claim or the key changes.
/// </summary>
public static class TestTokens
{
    public static string Expired(string token, byte[] key)
    {
        var past = DateTime.UtcNow.AddHours(-2);
        return Resign(token, key, past.AddHours(-1), past, changes: null);
    }

    public static string WithWrongKey(string token) =>
        Resign(token, RandomNumberGenerator.GetBytes(48), DateTime.UtcNow, DateTime.UtcNow.AddHours(1), changes: null);

    /// <summary>Re-signs a token with the right key after replacing one claim's value.</summary>
    public static string WithClaim(string token, byte[] key, string claim, object value) =>
        Resign(token, key, DateTime.UtcNow, DateTime.UtcNow.AddHours(1), new Dictionary<string, object> { [claim] = value });

    /// <summary>Returns the name of the claim whose value is <paramref name="value"/>.</summary>
    public static string ClaimNamed(string token, string value) =>
        new JsonWebToken(token).Claims.First(c => c.Value == value).Type;

    private static string Resign(string token, byte[] key, DateTime issuedAt, DateTime expires,
        Dictionary<string, object>? changes)
    {
        var source = new JsonWebToken(token);
        string[] timeClaims = ["exp", "nbf", "iat", "iss", "aud"];
        var claims = source.Claims.Where(c => !timeClaims.Contains(c.Type))
            .ToDictionary(c => c.Type, c => IsInteger(c) ? long.Parse(c.Value) : (object)c.Value);
        foreach (var (name, value) in changes ?? [])
        {
            claims[name] = value;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = source.Issuer,
            Audience = source.Audiences.First(),
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = expires,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
    }

    // Integer claims stay numbers, but a delegate id such as "007" is a string and must stay one.
    private static bool IsInteger(Claim claim) =>
        claim.ValueType is ClaimValueTypes.Integer or ClaimValueTypes.Integer32 or ClaimValueTypes.Integer64;
}
