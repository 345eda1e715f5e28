namespace Voting.Browser.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium, which the tests drive through Playwright. Playwright cannot download
/// its own browsers on these machines, so the tests never try to.
/// </summary>
internal static class SystemChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>
    /// Flags for running as root in a container without GPU, and without the background
    /// connections to Google services that a closed network rejects.
    /// </summary>
    public static readonly string[] Arguments =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ];

    public static bool IsInstalled => File.Exists(ExecutablePath);

    /// <summary>True when the CI environment variable is set, so a missing browser fails the run.</summary>
    public static bool IsContinuousIntegration =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    public static string MissingMessage =>
        $"Chromium was not found at {ExecutablePath}. Install it with `scripts/install-chromium.sh` " +
        "(Debian package chromium).";
}
