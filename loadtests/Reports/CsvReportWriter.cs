using System.Text;
using Voting.LoadTests.Http;
using static Voting.LoadTests.Reports.ReportFormat;

namespace Voting.LoadTests.Reports;

/// <summary>Writes per-step figures and the per-second timeline as CSV, latencies in milliseconds.</summary>
public static class CsvReportWriter
{
    public const string StepsHeader =
        "scenario,phase,step,count,requests_per_second,p50_ms,p75_ms,p95_ms,p99_ms,p999_ms,max_ms,unexpected,outcomes";

    public static string WriteSteps(RunReport report)
    {
        var csv = new StringBuilder(StepsHeader).Append('\n');
        foreach (var phase in report.Phases)
        {
            foreach (var step in phase.Steps)
            {
                var l = step.Latency;
                string[] fields =
                [
                    report.Scenario, phase.Name, step.Name, l.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Number(step.Throughput, "0.0"), Number(l.P50), Number(l.P75), Number(l.P95), Number(l.P99),
                    Number(l.P999), Number(l.Max), step.Unexpected.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Counts(step.Counts),
                ];
                csv.AppendJoin(',', fields.Select(CsvFields.Escape)).Append('\n');
            }
        }

        return csv.ToString();
    }

    public static string WriteTimeline(RunReport report)
    {
        var csv = new StringBuilder("phase,step,second,count,p50_ms,p99_ms,max_ms\n");
        foreach (var phase in report.Phases)
        {
            foreach (var step in phase.Steps)
            {
                foreach (var point in step.Timeline)
                {
                    csv.Append(CsvFields.Escape(phase.Name)).Append(',').Append(step.Name).Append(',')
                        .Append(point.Second).Append(',').Append(point.Count).Append(',')
                        .Append(Number(point.P50)).Append(',').Append(Number(point.P99)).Append(',')
                        .Append(Number(point.Max)).Append('\n');
                }
            }
        }

        return csv.ToString();
    }
}
