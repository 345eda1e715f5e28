using System.Text;
using static Voting.LoadTests.Reports.ReportFormat;

namespace Voting.LoadTests.Reports;

/// <summary>Writes the plain-text summary that is also printed at the end of a run.</summary>
public static class TextReportWriter
{
    public static string Write(RunReport report)
    {
        var text = new StringBuilder();
        text.AppendLine($"{report.Scenario} on election {report.ElectionId}: {Verdict(report.Passed)}");
        text.AppendLine($"{Time(report.StartedAt)} to {Time(report.FinishedAt)} on {report.Machine}");
        text.AppendLine($"acknowledged votes/s: {Number(report.Throughput, "0.0")}");
        foreach (var phase in report.Phases)
        {
            text.AppendLine($"phase {phase.Name}: {Number(phase.Duration.TotalSeconds, "0.000")} s, {phase.AcknowledgedVotes} acknowledged");
            foreach (var step in phase.Steps)
            {
                var l = step.Latency;
                text.AppendLine($"  {step.Name,-18} n={l.Count,-8} p50={Number(l.P50)} p95={Number(l.P95)} " +
                    $"p99={Number(l.P99)} p99.9={Number(l.P999)} max={Number(l.Max)} ms  [{Counts(step.Counts)}]");
            }
        }

        foreach (var step in report.RampSteps)
        {
            text.AppendLine($"ramp {Number(step.OfferedRate, "0")}/s: acknowledged {Number(step.AcknowledgedPerSecond, "0.0")}/s, " +
                $"p99 {Number(step.P99)} ms, errors {Number(step.ErrorRate * 100, "0.000")} %, {(step.WithinLimits ? "held" : "broke")}");
        }

        foreach (var threshold in report.Thresholds)
        {
            text.AppendLine($"threshold {threshold.Name}: {threshold.Actual} (limit {threshold.Limit}) {Verdict(threshold.Passed)}");
        }

        foreach (var check in report.Correctness.Checks)
        {
            text.AppendLine($"check {Verdict(check.Passed)} {check.Name}: {check.Detail}");
        }

        foreach (var note in report.Notes)
        {
            text.AppendLine($"note: {note}");
        }

        return text.ToString();
    }
}
