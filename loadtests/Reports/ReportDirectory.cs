namespace Voting.LoadTests.Reports;

/// <summary>Writes all report formats into one folder.</summary>
public static class ReportDirectory
{
    public static IReadOnlyList<string> Write(RunReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        var files = new (string Name, string Content)[]
        {
            ("report.md", MarkdownReportWriter.Write(report)),
            ("report.html", HtmlReportWriter.Write(report)),
            ("report.txt", TextReportWriter.Write(report)),
            ("steps.csv", CsvReportWriter.WriteSteps(report)),
            ("timeline.csv", CsvReportWriter.WriteTimeline(report)),
        };
        var paths = new List<string>();
        foreach (var (name, content) in files)
        {
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, content);
            paths.Add(path);
        }

        return paths;
    }
}
