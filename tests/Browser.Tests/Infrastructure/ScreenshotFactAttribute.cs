namespace Voting.Browser.Tests.Infrastructure;

/// <summary>
/// A browser test that writes the documentation screenshots. It runs only when the
/// VOTING_SCREENSHOTS_DIR environment variable names the folder to write them to.
/// </summary>
public sealed class ScreenshotFactAttribute : FactAttribute
{
    public const string DirectoryVariable = "VOTING_SCREENSHOTS_DIR";

    public ScreenshotFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(DirectoryVariable)))
        {
            Skip = $"Set {DirectoryVariable} to a folder to write the page screenshots.";
        }
        else if (!SystemChromium.IsInstalled)
        {
            Skip = SystemChromium.MissingMessage;
        }
    }
}
