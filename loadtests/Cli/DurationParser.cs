using System.Globalization;

namespace Voting.LoadTests.Cli;

/// <summary>Parses durations written as <c>500ms</c>, <c>1s</c>, <c>1.5s</c>, <c>2m</c>, <c>1h</c> or <c>hh:mm:ss</c>.</summary>
public static class DurationParser
{
    private static readonly (string Suffix, double Seconds)[] Units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];

    public static bool TryParse(string text, out TimeSpan duration)
    {
        text = text.Trim();
        foreach (var (suffix, seconds) in Units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                && value >= 0 && double.IsFinite(value))
            {
                duration = TimeSpan.FromSeconds(value * seconds);
                return true;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
    }

    public static string Format(TimeSpan duration) =>
        duration.TotalSeconds < 1
            ? duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms"
            : duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
