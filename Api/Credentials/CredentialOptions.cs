namespace Voting.Api.Credentials;

/// <summary>Credential settings (section <c>Voting:Auth</c>).</summary>
public sealed class CredentialOptions
{
    /// <summary>Base64 HMAC-SHA256 key, at least 32 bytes, that signs every credential.</summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a delegate credential stays valid after it is issued.</summary>
    public TimeSpan DelegateTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long an operator credential stays valid after it is issued.</summary>
    public TimeSpan OperatorTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long a dashboard session cookie, set from an operator credential, stays valid.</summary>
    public TimeSpan DashboardSessionLifetime { get; set; } = TimeSpan.FromHours(1);
}
