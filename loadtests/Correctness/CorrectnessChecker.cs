using Voting.LoadTests.Http;

namespace Voting.LoadTests.Correctness;

/// <summary>One correctness check and what it compared.</summary>
public sealed record CheckResult(string Name, bool Passed, string Detail);

public sealed record CorrectnessReport(IReadOnlyList<CheckResult> Checks)
{
    public bool Passed => Checks.All(check => check.Passed);
}

/// <summary>
/// Compares what the harness saw acknowledged with the API's audit, live results and turnout. Ledger figures
/// are taken as the difference from the audit before the run, so an election with earlier votes can be reused.
/// </summary>
public static class CorrectnessChecker
{
    public static CorrectnessReport Check(
        Observations observed,
        AuditDocument before,
        AuditDocument after,
        ResultsDocument results,
        TurnoutDocument turnout)
    {
        var checks = new List<CheckResult>
        {
            new("every sent vote has a definite response", observed.UnresolvedVotes == 0,
                $"{observed.UnresolvedVotes} votes got no definite response after settling"),
            new("no contract violation on the wire", observed.ViolationCount == 0,
                observed.ViolationCount == 0
                    ? "none"
                    : $"{observed.ViolationCount} violations, first: {string.Join(" | ", observed.Violations.Take(3))}"),
        };

        foreach (var category in observed.Categories)
        {
            CheckCategory(category, before, after, results, turnout, checks);
        }

        return new CorrectnessReport(checks);
    }

    private static void CheckCategory(
        CategoryObservation observed,
        AuditDocument before,
        AuditDocument after,
        ResultsDocument results,
        TurnoutDocument turnout,
        List<CheckResult> checks)
    {
        var id = observed.CategoryId;
        var audit = after.Categories.FirstOrDefault(category => category.Id == id);
        if (audit is null)
        {
            checks.Add(new($"{id}: category in audit", false, "the audit after the run has no such category"));
            return;
        }

        var baseline = before.Categories.FirstOrDefault(category => category.Id == id);
        var ballots = audit.LedgerBallots - (baseline?.LedgerBallots ?? 0);
        var signIns = audit.LedgerSignIns - (baseline?.LedgerSignIns ?? 0);

        checks.Add(new($"{id}: ledger ballots equal acknowledged votes", ballots == observed.Acknowledged,
            $"ledger {ballots}, acknowledged {observed.Acknowledged}"));
        checks.Add(new($"{id}: one sign-in per ballot (no delegate counted twice)", signIns == ballots,
            $"sign-ins {signIns}, ballots {ballots}"));
        checks.Add(new($"{id}: audit counters match ledger",
            audit.Matches && audit.CounterBallots == audit.LedgerBallots
                && audit.Finalists.All(finalist => finalist.Counter == finalist.Ledger),
            $"matches={audit.Matches}, counter {audit.CounterBallots}, ledger {audit.LedgerBallots}"));

        var missing = new List<string>();
        foreach (var (finalistId, acknowledged) in observed.AcknowledgedByFinalist)
        {
            var ledger = audit.Finalists.FirstOrDefault(finalist => finalist.Id == finalistId)?.Ledger ?? 0;
            var ledgerBefore = baseline?.Finalists.FirstOrDefault(finalist => finalist.Id == finalistId)?.Ledger ?? 0;
            if (ledger - ledgerBefore != acknowledged)
            {
                missing.Add($"{finalistId}: ledger {ledger - ledgerBefore}, acknowledged {acknowledged}");
            }
        }

        checks.Add(new($"{id}: every acknowledged vote is in the ledger for its finalist", missing.Count == 0,
            missing.Count == 0 ? "all finalists match" : string.Join("; ", missing)));

        var live = results.Categories.FirstOrDefault(category => category.Id == id);
        var liveSum = live?.Finalists.Sum(finalist => finalist.Votes);
        checks.Add(new($"{id}: live results equal ledger",
            live is not null && live.Ballots == audit.LedgerBallots && liveSum == audit.LedgerBallots,
            live is null ? "category missing from results" : $"results {live.Ballots} (finalists sum {liveSum}), ledger {audit.LedgerBallots}"));

        var turnoutBallots = turnout.Categories.FirstOrDefault(category => category.Id == id)?.Ballots;
        checks.Add(new($"{id}: turnout equals ledger", turnoutBallots == audit.LedgerBallots,
            $"turnout {turnoutBallots?.ToString() ?? "missing"}, ledger {audit.LedgerBallots}"));
    }
}
