namespace Voting.Browser.Tests.Infrastructure;

/// <summary>
/// A test that needs Chromium. Without Chromium it is skipped on a developer machine, but
/// when the CI environment variable is set it runs and fails with the install instructions.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!SystemChromium.IsInstalled && !SystemChromium.IsContinuousIntegration)
        {
            Skip = SystemChromium.MissingMessage + " Skipped because the CI environment variable is not set.";
        }
    }
}
