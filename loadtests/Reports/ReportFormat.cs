using System.Globalization;

namespace Voting.LoadTests.Reports;

internal static class ReportFormat
{
    public static string Number(double value, string format = "0.00") =>
        value.ToString(format, CultureInfo.InvariantCulture);

    public static string Counts(IReadOnlyDictionary<string, long> counts) =>
        string.Join(", ", counts.Select(pair => $"{pair.Key}: {pair.Value}"));

    public static string Verdict(bool passed) => passed ? "PASS" : "FAIL";

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
