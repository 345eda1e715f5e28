using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Voting.Grains.Interfaces;

namespace Voting.Api.Credentials;

/// <summary>
/// Issues and validates the HMAC-SHA256 JWTs that delegates and operators present as bearer
/// credentials. A delegate token carries the election, the delegate id and the credential
/// version; revocation happens in the delegate grain, which stores the current version.
/// </summary>
public sealed class CredentialService
{
    public const string Issuer = "voting";
    public const string Audience = "voting";

    /// <summary>
    /// Audience of dashboard session tokens. <see cref="ValidateAsync"/> rejects them, so a session
    /// cookie cannot be replayed as a bearer credential on the API.
    /// </summary>
    public const string DashboardAudience = "voting-dashboard";
    private const string ElectionClaim = "election";
    private const string VersionClaim = "ver";
    private const string RoleClaim = "role";

    private const int MaxCachedTokens = 200_000;
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(5);

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, CachedCredential> _validated = new(StringComparer.Ordinal);
    private int _cachedTokens;
    private readonly SigningCredentials _signing;
    private readonly TokenValidationParameters _validation;
    private readonly TokenValidationParameters _dashboardValidation;
    private readonly CredentialOptions _options;
    private readonly TimeProvider _time;

    public CredentialService(byte[] key, IOptions<CredentialOptions> options, TimeProvider time)
    {
        var securityKey = new SymmetricSecurityKey(key);
        _signing = new SigningCredentials(securityKey, SecurityAlgorithms.HmacSha256);
        _options = options.Value;
        _time = time;
        _validation = new TokenValidationParameters
        {
            IssuerSigningKey = securityKey,
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            RequireExpirationTime = true,
            LifetimeValidator = ValidateLifetime,
        };
        _dashboardValidation = _validation.Clone();
        _dashboardValidation.ValidAudience = DashboardAudience;
    }

    public string IssueDelegateToken(string electionId, string delegateId, int version) =>
        Issue(delegateId, _options.DelegateTokenLifetime, new Dictionary<string, object>
        {
            [RoleClaim] = "delegate",
            [ElectionClaim] = electionId,
            [VersionClaim] = version,
        });

    public string IssueOperatorToken(string subject = "operator") =>
        Issue(subject, _options.OperatorTokenLifetime, new Dictionary<string, object> { [RoleClaim] = "operator" });

    /// <summary>Issues a short-lived token, valid only for the dashboard, for an operator's session cookie.</summary>
    public string IssueDashboardSessionToken(string operatorSubject) =>
        Issue(operatorSubject, _options.DashboardSessionLifetime,
            new Dictionary<string, object> { [RoleClaim] = "operator" }, DashboardAudience);

    public TimeSpan DashboardSessionLifetime => _options.DashboardSessionLifetime;

    /// <summary>Returns true when a dashboard session token is signed by us, unexpired and an operator's.</summary>
    public async Task<bool> IsDashboardSessionValidAsync(string token)
    {
        if (token.Length > 4096)
        {
            return false;
        }

        var result = await _handler.ValidateTokenAsync(token, _dashboardValidation);
        return result.IsValid && result.ClaimsIdentity.FindFirst(RoleClaim)?.Value == "operator";
    }

    private string Issue(string subject, TimeSpan lifetime, Dictionary<string, object> claims, string audience = Audience)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        claims[JwtRegisteredClaimNames.Sub] = subject;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Claims = claims,
            SigningCredentials = _signing,
        });
    }

    /// <summary>Validates a bearer token; returns null with a reason when it is not acceptable.</summary>
    public async Task<(Credential? Credential, string? Error)> ValidateAsync(string token)
    {
        if (token.Length > 4096)
        {
            return (null, "The bearer token is longer than 4096 characters.");
        }

        var now = _time.GetUtcNow();
        if (_validated.TryGetValue(token, out var cached) && cached.ValidUntil > now)
        {
            return (cached.Credential, null);
        }

        var (credential, error, expires) = await ValidateUncachedAsync(token);
        if (credential is not null)
        {
            Remember(token, credential, expires, now);
        }

        return (credential, error);
    }

    /// <summary>
    /// Keeps a validated token for at most <see cref="CacheLifetime"/> and never past its expiry,
    /// so each delegate's few requests validate the signature once. Revocation is unaffected:
    /// the delegate grain checks the credential version on every call.
    /// </summary>
    private void Remember(string token, Credential credential, DateTimeOffset expires, DateTimeOffset now)
    {
        // ConcurrentDictionary.Count takes every lock of the dictionary, so an approximate count of
        // additions bounds the cache instead.
        if (Interlocked.Increment(ref _cachedTokens) > MaxCachedTokens)
        {
            _validated.Clear();
            Interlocked.Exchange(ref _cachedTokens, 0);
        }

        var validUntil = expires < now + CacheLifetime ? expires : now + CacheLifetime;
        _validated[token] = new CachedCredential(credential, validUntil);
    }

    private async Task<(Credential? Credential, string? Error, DateTimeOffset Expires)> ValidateUncachedAsync(
        string token)
    {
        var result = await _handler.ValidateTokenAsync(token, _validation);
        if (!result.IsValid)
        {
            return (null, result.Exception is SecurityTokenExpiredException
                ? "The bearer token has expired; ask for a new credential."
                : "The bearer token is malformed or its signature is not valid.", default);
        }

        var expires = new DateTimeOffset(result.SecurityToken.ValidTo, TimeSpan.Zero);
        var identity = result.ClaimsIdentity;
        var subject = identity.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        var role = identity.FindFirst(RoleClaim)?.Value;
        if (role == "operator" && !string.IsNullOrEmpty(subject))
        {
            return (new OperatorCredential(subject), null, expires);
        }

        var election = identity.FindFirst(ElectionClaim)?.Value;
        if (role == "delegate" && Identifiers.IsValid(subject) && Identifiers.IsValid(election)
            && int.TryParse(identity.FindFirst(VersionClaim)?.Value, out var version))
        {
            return (new DelegateCredential(election!, subject!, version), null, expires);
        }

        return (null, "The bearer token lacks the claims of a delegate or operator credential.", default);
    }

    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token,
        TokenValidationParameters parameters)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (expires is null || expires.Value.ToUniversalTime() + parameters.ClockSkew < now)
        {
            throw new SecurityTokenExpiredException("The token has expired.");
        }

        return notBefore is null || notBefore.Value.ToUniversalTime() - parameters.ClockSkew <= now;
    }

    private sealed record CachedCredential(Credential Credential, DateTimeOffset ValidUntil);
}
