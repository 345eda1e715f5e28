using System.Net;
using System.Text;
using Voting.LoadTests.Measurement;
using static Voting.LoadTests.Reports.ReportFormat;

namespace Voting.LoadTests.Reports;

/// <summary>Writes a self-contained HTML report: tables and inline SVG charts, no scripts or external resources.</summary>
public static class HtmlReportWriter
{
    private const int ChartWidth = 900;
    private const int ChartHeight = 260;
    private const int Margin = 50;

    public static string Write(RunReport report)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Load test ")
            .Append(Encode(report.Scenario)).Append("</title><style>")
            .Append("body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}")
            .Append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}")
            .Append(".PASS{color:#070}.FAIL{color:#b00;font-weight:bold}</style></head><body>");
        html.Append("<h1>Load test: ").Append(Encode(report.Scenario)).Append(" — <span class=\"").Append(Verdict(report.Passed))
            .Append("\">").Append(Verdict(report.Passed)).Append("</span></h1>");
        html.Append("<p>Election <code>").Append(Encode(report.ElectionId)).Append("</code>, ")
            .Append(Encode(Time(report.StartedAt))).Append(" to ").Append(Encode(Time(report.FinishedAt)))
            .Append(", ").Append(Encode(report.Machine)).Append(". Acknowledged votes/s: ")
            .Append(Number(report.Throughput, "0.0")).Append(".</p>");

        var votePoints = report.Phases
            .SelectMany(phase => phase.Step(PhaseRecorder.VoteStep)?.Timeline ?? [])
            .OrderBy(point => point.Second)
            .ToList();
        html.Append("<h2>Vote latency over time</h2><p>Per second of completion, measured from the intended send time.</p>");
        html.Append(LatencyChart(votePoints));
        html.Append("<h2>Votes completed per second</h2>").Append(CountChart(votePoints));

        AppendPhases(html, report);
        AppendTable(html, "Settings", ["setting", "value"], report.Settings.Select(pair => new[] { pair.Key, pair.Value }));
        AppendTable(html, "Ramp", ["offered votes/s", "acknowledged votes/s", "vote p99 ms", "error rate", "within limits"],
            report.RampSteps.Select(step => new[]
            {
                Number(step.OfferedRate, "0"), Number(step.AcknowledgedPerSecond, "0.0"), Number(step.P99),
                Number(step.ErrorRate * 100, "0.000") + " %", step.WithinLimits ? "yes" : "no",
            }));
        AppendTable(html, "Thresholds", ["threshold", "limit", "measured", "result"],
            report.Thresholds.Select(t => new[] { t.Name, t.Limit, t.Actual, Verdict(t.Passed) }));
        AppendTable(html, "Correctness", ["check", "result", "detail"],
            report.Correctness.Checks.Select(c => new[] { c.Name, Verdict(c.Passed), c.Detail }));
        if (report.Notes.Count > 0)
        {
            html.Append("<h2>Notes</h2><ul>");
            foreach (var note in report.Notes)
            {
                html.Append("<li>").Append(Encode(note)).Append("</li>");
            }

            html.Append("</ul>");
        }

        return html.Append("</body></html>\n").ToString();
    }

    private static void AppendPhases(StringBuilder html, RunReport report)
    {
        foreach (var phase in report.Phases)
        {
            AppendTable(html,
                $"Phase {phase.Name}: {Number(phase.Duration.TotalSeconds, "0.000")} s, {phase.AcknowledgedVotes} acknowledged",
                ["step", "count", "req/s", "p50", "p75", "p95", "p99", "p99.9", "max", "unexpected", "outcomes"],
                phase.Steps.Select(step => new[]
                {
                    step.Name, step.Latency.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Number(step.Throughput, "0.0"), Number(step.Latency.P50), Number(step.Latency.P75),
                    Number(step.Latency.P95), Number(step.Latency.P99), Number(step.Latency.P999),
                    Number(step.Latency.Max), step.Unexpected.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Counts(step.Counts),
                }));
        }
    }

    private static void AppendTable(StringBuilder html, string title, string[] headers, IEnumerable<string[]> rows)
    {
        var rowList = rows.ToList();
        if (rowList.Count == 0)
        {
            return;
        }

        html.Append("<h2>").Append(Encode(title)).Append("</h2><table><tr>");
        foreach (var header in headers)
        {
            html.Append("<th>").Append(Encode(header)).Append("</th>");
        }

        html.Append("</tr>");
        foreach (var row in rowList)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                var cssClass = cell is "PASS" or "FAIL" ? $" class=\"{cell}\"" : "";
                html.Append("<td").Append(cssClass).Append('>').Append(Encode(cell)).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</table>");
    }

    /// <summary>Draws p50, p99 and max latency lines against seconds since the run started.</summary>
    internal static string LatencyChart(IReadOnlyList<TimelinePoint> points)
    {
        if (points.Count == 0)
        {
            return "<p>No votes were completed.</p>";
        }

        var maxY = Math.Max(1, points.Max(point => point.Max));
        var series = new (string Name, string Color, Func<TimelinePoint, double> Value)[]
        {
            ("p50", "#1f77b4", point => point.P50),
            ("p99", "#d62728", point => point.P99),
            ("max", "#999999", point => point.Max),
        };
        var svg = StartChart(points, maxY, "ms");
        var legendX = Margin + 10;
        foreach (var (name, color, value) in series)
        {
            svg.Append("<polyline fill=\"none\" stroke=\"").Append(color).Append("\" stroke-width=\"1.5\" points=\"");
            foreach (var point in points)
            {
                svg.Append(Number(X(point.Second, points), "0.0")).Append(',').Append(Number(Y(value(point), maxY), "0.0")).Append(' ');
            }

            svg.Append("\"/><text x=\"").Append(legendX).Append("\" y=\"15\" fill=\"").Append(color).Append("\">")
                .Append(name).Append("</text>");
            legendX += 50;
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>Draws the number of votes completed in each second as bars.</summary>
    internal static string CountChart(IReadOnlyList<TimelinePoint> points)
    {
        if (points.Count == 0)
        {
            return "";
        }

        double maxY = Math.Max(1, points.Max(point => point.Count));
        var svg = StartChart(points, maxY, "votes");
        var barWidth = Math.Max(1, (ChartWidth - (2 * Margin)) / (double)(points[^1].Second - points[0].Second + 1) - 1);
        foreach (var point in points)
        {
            var y = Y(point.Count, maxY);
            svg.Append("<rect fill=\"#2ca02c\" x=\"").Append(Number(X(point.Second, points), "0.0"))
                .Append("\" y=\"").Append(Number(y, "0.0")).Append("\" width=\"").Append(Number(barWidth, "0.0"))
                .Append("\" height=\"").Append(Number(ChartHeight - Margin - y, "0.0")).Append("\"/>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder StartChart(IReadOnlyList<TimelinePoint> points, double maxY, string unit)
    {
        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{ChartWidth}\" height=\"{ChartHeight}\" ")
            .Append("font-size=\"11\" role=\"img\">")
            .Append($"<line x1=\"{Margin}\" y1=\"{ChartHeight - Margin}\" x2=\"{ChartWidth - Margin}\" y2=\"{ChartHeight - Margin}\" stroke=\"#000\"/>")
            .Append($"<line x1=\"{Margin}\" y1=\"{Margin / 2}\" x2=\"{Margin}\" y2=\"{ChartHeight - Margin}\" stroke=\"#000\"/>")
            .Append($"<text x=\"2\" y=\"{Margin / 2 + 4}\">{Number(maxY, "0.#")} {unit}</text>")
            .Append($"<text x=\"2\" y=\"{ChartHeight - Margin}\">0</text>")
            .Append($"<text x=\"{Margin}\" y=\"{ChartHeight - Margin + 15}\">{points[0].Second} s</text>")
            .Append($"<text x=\"{ChartWidth - Margin - 30}\" y=\"{ChartHeight - Margin + 15}\">{points[^1].Second} s</text>")
            .Append($"<text x=\"{ChartWidth / 2 - 60}\" y=\"{ChartHeight - 10}\">seconds since run start</text>");
        return svg;
    }

    private static double X(int second, IReadOnlyList<TimelinePoint> points)
    {
        var span = Math.Max(1, points[^1].Second - points[0].Second);
        return Margin + ((second - points[0].Second) * (ChartWidth - (2.0 * Margin)) / span);
    }

    private static double Y(double value, double maxY) =>
        ChartHeight - Margin - (value / maxY * (ChartHeight - (1.5 * Margin)));

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
