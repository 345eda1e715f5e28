using Voting.LoadTests.Http;

namespace Voting.LoadTests;

// An explicit class keeps this entry point out of the global namespace, where the Api's Program lives too.
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = CommandLine.Build(async (settings, cancellationToken) =>
        {
            try
            {
                var result = await new Harness(settings, Console.Out).RunAsync(cancellationToken);
                return result.ExitCode;
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException
                or ApiRequestException or HttpRequestException or IOException or TimeoutException
                or InvalidDataException or System.Text.Json.JsonException)
            {
                Console.Error.WriteLine($"Load test failed: {exception.Message}");
                return ExitCodes.SetupFailed;
            }
        });

        return await root.Parse(args).InvokeAsync();
    }
}
