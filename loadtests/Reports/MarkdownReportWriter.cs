using System.Text;
using static Voting.LoadTests.Reports.ReportFormat;

namespace Voting.LoadTests.Reports;

/// <summary>Writes the report as Markdown, for pasting into the benchmark page or a pull request.</summary>
public static class MarkdownReportWriter
{
    public static string Write(RunReport report)
    {
        var text = new StringBuilder();
        text.AppendLine($"# Load test: {report.Scenario} — {Verdict(report.Passed)}").AppendLine();
        text.AppendLine($"- election: `{report.ElectionId}`");
        text.AppendLine($"- started: {Time(report.StartedAt)}, finished: {Time(report.FinishedAt)}");
        text.AppendLine($"- machine: {report.Machine}");
        text.AppendLine($"- acknowledged votes/s: {Number(report.Throughput, "0.0")}").AppendLine();

        text.AppendLine("## Settings").AppendLine().AppendLine("| setting | value |").AppendLine("|---|---|");
        foreach (var (name, value) in report.Settings)
        {
            text.AppendLine($"| `{name}` | {value} |");
        }

        foreach (var phase in report.Phases)
        {
            text.AppendLine().AppendLine($"## Phase {phase.Name}").AppendLine();
            text.AppendLine($"Duration {Number(phase.Duration.TotalSeconds, "0.000")} s, " +
                $"{phase.AcknowledgedVotes} votes acknowledged ({Number(phase.AcknowledgedPerSecond, "0.0")}/s). " +
                "Latency in ms, measured from the intended send time.").AppendLine();
            text.AppendLine("| step | count | req/s | p50 | p75 | p95 | p99 | p99.9 | max | unexpected | outcomes |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            foreach (var step in phase.Steps)
            {
                var l = step.Latency;
                text.AppendLine($"| {step.Name} | {l.Count} | {Number(step.Throughput, "0.0")} | {Number(l.P50)} | " +
                    $"{Number(l.P75)} | {Number(l.P95)} | {Number(l.P99)} | {Number(l.P999)} | {Number(l.Max)} | " +
                    $"{step.Unexpected} | {Counts(step.Counts)} |");
            }
        }

        if (report.RampSteps.Count > 0)
        {
            text.AppendLine().AppendLine("## Ramp").AppendLine();
            text.AppendLine("| offered votes/s | acknowledged votes/s | vote p99 ms | error rate | within limits |");
            text.AppendLine("|---:|---:|---:|---:|---|");
            foreach (var step in report.RampSteps)
            {
                text.AppendLine($"| {Number(step.OfferedRate, "0")} | {Number(step.AcknowledgedPerSecond, "0.0")} | " +
                    $"{Number(step.P99)} | {Number(step.ErrorRate * 100, "0.000")} % | {(step.WithinLimits ? "yes" : "no")} |");
            }
        }

        text.AppendLine().AppendLine("## Thresholds").AppendLine();
        if (report.Thresholds.Count == 0)
        {
            text.AppendLine("None given.");
        }
        else
        {
            text.AppendLine("| threshold | limit | measured | result |").AppendLine("|---|---|---|---|");
            foreach (var threshold in report.Thresholds)
            {
                text.AppendLine($"| {threshold.Name} | {threshold.Limit} | {threshold.Actual} | {Verdict(threshold.Passed)} |");
            }
        }

        text.AppendLine().AppendLine("## Correctness").AppendLine();
        text.AppendLine("| check | result | detail |").AppendLine("|---|---|---|");
        foreach (var check in report.Correctness.Checks)
        {
            text.AppendLine($"| {check.Name} | {Verdict(check.Passed)} | {check.Detail.Replace("|", "\\|")} |");
        }

        if (report.Notes.Count > 0)
        {
            text.AppendLine().AppendLine("## Notes").AppendLine();
            foreach (var note in report.Notes)
            {
                text.AppendLine($"- {note}");
            }
        }

        return text.ToString();
    }
}
