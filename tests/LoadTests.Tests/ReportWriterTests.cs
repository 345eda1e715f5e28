using Voting.LoadTests.Correctness;
using Voting.LoadTests.Measurement;
using Voting.LoadTests.Reports;
using Voting.LoadTests.Thresholds;

namespace Voting.LoadTests.Tests;

public sealed class ReportWriterTests
{
    private static RunReport Report(bool correctnessPassed = true) => new()
    {
        Scenario = "ceremony-peak",
        ElectionId = "loadtest-1",
        StartedAt = new DateTimeOffset(2025, 11, 14, 18, 0, 0, TimeSpan.Zero),
        FinishedAt = new DateTimeOffset(2025, 11, 14, 18, 0, 5, TimeSpan.Zero),
        Machine = "test machine",
        Settings = [new("--delegates", "1500"), new("--window", "1s")],
        Phases =
        [
            new PhaseResult("peak", TimeSpan.FromSeconds(2), 4500, 2250,
            [
                new StepResult("vote", new LatencySummary(4500, 5, 6, 9, 12.5, 20, 31),
                    new Dictionary<string, long> { ["201"] = 4490, ["409 already-voted"] = 10 }, 10, 2250,
                    [new TimelinePoint(3, 3000, 4, 11, 30), new TimelinePoint(4, 1500, 6, 14, 31)]),
            ]),
        ],
        Throughput = 2250,
        Thresholds = [new ThresholdResult("vote p99 latency", "≤ 50.00 ms", "12.50 ms", true)],
        Correctness = new CorrectnessReport([new CheckResult("c: ledger ballots equal acknowledged votes", correctnessPassed, "ledger 1500, acknowledged 1500")]),
        Notes = ["a note"],
    };

    [Fact]
    public void Markdown_ContainsTablesAndVerdict()
    {
        var markdown = MarkdownReportWriter.Write(Report());

        Assert.StartsWith("# Load test: ceremony-peak — PASS", markdown);
        Assert.Contains("| vote | 4500 | 2250.0 | 5.00 | 6.00 | 9.00 | 12.50 | 20.00 | 31.00 | 10 | 201: 4490, 409 already-voted: 10 |", markdown);
        Assert.Contains("| vote p99 latency | ≤ 50.00 ms | 12.50 ms | PASS |", markdown);
        Assert.Contains("- a note", markdown);
    }

    [Fact]
    public void FailedCheck_MakesReportFail()
    {
        Assert.StartsWith("# Load test: ceremony-peak — FAIL", MarkdownReportWriter.Write(Report(correctnessPassed: false)));
        Assert.Contains(": FAIL", TextReportWriter.Write(Report(correctnessPassed: false)));
    }

    [Fact]
    public void Html_IsSelfContainedWithChart()
    {
        var html = HtmlReportWriter.Write(Report());

        Assert.Contains("<svg", html);
        Assert.Contains("<polyline", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("src=", html);
        Assert.DoesNotContain("href=", html);
    }

    [Fact]
    public void Html_EncodesText()
    {
        var html = HtmlReportWriter.Write(Report() with { ElectionId = "<b>e</b>" });

        Assert.Contains("&lt;b&gt;e&lt;/b&gt;", html);
    }

    [Fact]
    public void StepsCsv_HasHeaderAndQuotedOutcomes()
    {
        var lines = CsvReportWriter.WriteSteps(Report()).TrimEnd('\n').Split('\n');

        Assert.Equal(CsvReportWriter.StepsHeader, lines[0]);
        Assert.Equal(
            "ceremony-peak,peak,vote,4500,2250.0,5.00,6.00,9.00,12.50,20.00,31.00,10,\"201: 4490, 409 already-voted: 10\"",
            lines[1]);
    }

    [Fact]
    public void TimelineCsv_HasOneRowPerSecond()
    {
        var lines = CsvReportWriter.WriteTimeline(Report()).TrimEnd('\n').Split('\n');

        Assert.Equal(["phase,step,second,count,p50_ms,p99_ms,max_ms", "peak,vote,3,3000,4.00,11.00,30.00", "peak,vote,4,1500,6.00,14.00,31.00"], lines);
    }
}
