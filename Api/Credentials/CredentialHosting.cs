using Microsoft.Extensions.Options;

namespace Voting.Api.Credentials;

public static class CredentialHosting
{
    /// <summary>Registers the credential service with the configured or development signing key.</summary>
    public static WebApplicationBuilder AddVotingCredentials(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<CredentialOptions>(builder.Configuration.GetSection("Voting:Auth"));
        builder.Services.AddSingleton(services =>
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Voting.Api.Credentials");
            var key = SigningKeyProvider.Resolve(builder.Configuration, builder.Environment, logger);
            return new CredentialService(key, services.GetRequiredService<IOptions<CredentialOptions>>(),
                services.GetService<TimeProvider>() ?? TimeProvider.System);
        });
        return builder;
    }
}
