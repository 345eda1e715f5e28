using Microsoft.Extensions.Options;

namespace Voting.Api.Credentials;

/// <summary>
/// <c>dotnet run --project Api -- operator-token</c>: prints an operator credential signed with
/// the configured key (or, in Development, the key kept in the data directory) and exits.
/// </summary>
public static class OperatorTokenCommand
{
    public static int Run(WebApplicationBuilder builder)
    {
        using var loggers = LoggerFactory.Create(logging => logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        var logger = loggers.CreateLogger("Voting.Api.Credentials");
        try
        {
            var key = SigningKeyProvider.Resolve(builder.Configuration, builder.Environment, logger);
            var options = builder.Configuration.GetSection("Voting:Auth").Get<CredentialOptions>() ?? new CredentialOptions();
            var service = new CredentialService(key, Options.Create(options), TimeProvider.System);
            Console.WriteLine(service.IssueOperatorToken());
            return 0;
        }
        catch (InvalidOperationException exception)
        {
            Console.Error.WriteLine(exception.Message);
            return 1;
        }
    }
}
