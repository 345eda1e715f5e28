using System.Diagnostics;

namespace Voting.LoadTests.Http;

/// <summary>
/// Obtains the development operator credential by running <c>dotnet run --project Api -- operator-token</c>
/// in the repository root; the Api signs it with the same key the running development API uses.
/// </summary>
public static class OperatorTokenSource
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    public static async Task<string> RunApiCommandAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "run", "--project", "Api", "--", "operator-token" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException("Failed to start 'dotnet run --project Api -- operator-token'.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Only the process started above is ended, by its own handle.
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"'dotnet run --project Api -- operator-token' in '{repositoryRoot}' did not finish within {CommandTimeout}.");
        }

        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (process.ExitCode != 0 || lines.Length == 0)
        {
            throw new InvalidOperationException(
                $"'dotnet run --project Api -- operator-token' in '{repositoryRoot}' failed with exit code " +
                $"{process.ExitCode}: {(await error).Trim()} Pass --operator-token or --repo-root.");
        }

        // The token is the last line, so build output printed before it is ignored.
        return lines[^1];
    }
}
