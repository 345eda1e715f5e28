namespace Voting.Chaos.Tests;

/// <summary>Where the chaos tests find PostgreSQL and the Release build of the Silo and the Api.</summary>
public static class ChaosEnvironment
{
    public const string PostgresVariable = "VOTING_TEST_POSTGRES";

    public static string? ServerConnectionString =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    public static bool IsCi => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    public static string RequireServerConnectionString() =>
        ServerConnectionString ?? throw new InvalidOperationException(
            $"{PostgresVariable} is not set. Set it to the connection string printed by 'scripts/pg.sh start'; " +
            "CI must run the chaos tests, not skip them.");

    /// <summary>The repository root: the nearest directory above the test assembly that contains Voting.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string SiloAssembly => ReleaseAssembly("Silo", "Voting.Silo.dll");

    public static string ApiAssembly => ReleaseAssembly("Api", "Voting.Api.dll");

    private static string ReleaseAssembly(string project, string fileName)
    {
        var path = Path.Combine(RepositoryRoot, project, "bin", "Release", "net10.0", fileName);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException(
                $"{path} is missing. Build the solution in Release first ('dotnet build Voting.sln -c Release', " +
                "which scripts/test.sh does).");
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Voting.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Voting.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>
/// A chaos test. Without <see cref="ChaosEnvironment.PostgresVariable"/> it is skipped on a developer
/// machine but runs, and fails with a message, when CI is set, so CI never passes by skipping.
/// </summary>
public sealed class ChaosFactAttribute : FactAttribute
{
    public ChaosFactAttribute()
    {
        if (ChaosEnvironment.ServerConnectionString is null && !ChaosEnvironment.IsCi)
        {
            Skip = $"{ChaosEnvironment.PostgresVariable} is not set; start a server with scripts/pg.sh start.";
        }
    }
}
