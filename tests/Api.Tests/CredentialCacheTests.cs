using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Voting.Api.Credentials;

namespace Voting.Api.Tests;

public sealed class CredentialCacheTests
{
    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static CredentialService CreateService(ManualTime time) => new(RandomNumberGenerator.GetBytes(48),
        Options.Create(new CredentialOptions { DelegateTokenLifetime = TimeSpan.FromMinutes(10) }), time);

    [Fact]
    public async Task CachedToken_StillExpiresOnTime()
    {
        var time = new ManualTime(DateTimeOffset.UtcNow);
        var service = CreateService(time);
        var token = service.IssueDelegateToken("e1", "d1", 1);

        var fresh = await service.ValidateAsync(token);
        time.Now += TimeSpan.FromMinutes(4);
        var cached = await service.ValidateAsync(token);
        time.Now += TimeSpan.FromMinutes(7);
        var expired = await service.ValidateAsync(token);

        Assert.IsType<DelegateCredential>(fresh.Credential);
        Assert.IsType<DelegateCredential>(cached.Credential);
        Assert.Null(expired.Credential);
        Assert.Contains("expired", expired.Error);
    }

    [Fact]
    public async Task TamperedToken_IsRejectedAfterValidOneCached()
    {
        var service = CreateService(new ManualTime(DateTimeOffset.UtcNow));
        var token = service.IssueDelegateToken("e1", "d1", 1);
        await service.ValidateAsync(token);

        var tampered = token[..^2] + (token[^2] == 'A' ? "BA" : "AA");
        var result = await service.ValidateAsync(tampered);

        Assert.Null(result.Credential);
    }
}
