using Voting.LoadTests.Correctness;
using Voting.LoadTests.Http;

namespace Voting.LoadTests.Tests;

public sealed class CorrectnessCheckerTests
{
    private static readonly AuditDocument EmptyBaseline = new("e", []);

    // Observed: category c acknowledged 3 votes, 2 for f1 and 1 for f2.
    private static Observations Observed(long unresolved = 0, params string[] violations) => new(
        [new CategoryObservation("c", 3, new Dictionary<string, long> { ["f1"] = 2, ["f2"] = 1 })],
        unresolved,
        violations.Length,
        violations);

    private static AuditDocument Audit(long f1 = 2, long f2 = 1, long? signIns = null, long? counter = null, bool matches = true) =>
        new("e", [new AuditCategory("c", "Open", signIns ?? f1 + f2, f1 + f2, counter ?? f1 + f2, matches, null,
            [new AuditFinalist("f1", f1, f1), new AuditFinalist("f2", f2, f2)])]);

    private static ResultsDocument Results(long f1 = 2, long f2 = 1) =>
        new("e", [new ResultsCategory("c", "Open", f1 + f2, null, [new ResultsFinalist("f1", f1), new ResultsFinalist("f2", f2)])]);

    private static TurnoutDocument Turnout(long ballots = 3) => new("e", 10, [new TurnoutCategory("c", "Open", ballots)]);

    private static IEnumerable<string> Failed(CorrectnessReport report) =>
        report.Checks.Where(check => !check.Passed).Select(check => check.Name);

    [Fact]
    public void MatchingLedger_Passes()
    {
        var report = CorrectnessChecker.Check(Observed(), EmptyBaseline, Audit(), Results(), Turnout());

        Assert.True(report.Passed, string.Join("; ", Failed(report)));
    }

    [Fact]
    public void MissingAcknowledgedVote_Fails()
    {
        var report = CorrectnessChecker.Check(Observed(), EmptyBaseline, Audit(f1: 1), Results(f1: 1), Turnout(2));

        Assert.False(report.Passed);
        Assert.Contains("c: ledger ballots equal acknowledged votes", Failed(report));
        Assert.Contains("c: every acknowledged vote is in the ledger for its finalist", Failed(report));
    }

    [Fact]
    public void VoteOnWrongFinalist_Fails()
    {
        var report = CorrectnessChecker.Check(Observed(), EmptyBaseline, Audit(f1: 1, f2: 2), Results(1, 2), Turnout());

        Assert.Equal(["c: every acknowledged vote is in the ledger for its finalist"], Failed(report));
    }

    [Fact]
    public void ExtraSignIn_FailsAsCountedTwice()
    {
        var report = CorrectnessChecker.Check(Observed(), EmptyBaseline, Audit(signIns: 4), Results(), Turnout());

        Assert.Equal(["c: one sign-in per ballot (no delegate counted twice)"], Failed(report));
    }

    [Fact]
    public void CounterMismatch_Fails()
    {
        var report = CorrectnessChecker.Check(Observed(), EmptyBaseline, Audit(counter: 2, matches: false), Results(), Turnout());

        Assert.Equal(["c: audit counters match ledger"], Failed(report));
    }

    [Fact]
    public void LiveResultsAndTurnout_MustEqualLedger()
    {
        var report = CorrectnessChecker.Check(Observed(), EmptyBaseline, Audit(), Results(f1: 3), Turnout(2));

        Assert.Contains("c: live results equal ledger", Failed(report));
        Assert.Contains("c: turnout equals ledger", Failed(report));
    }

    [Fact]
    public void UnresolvedVotesAndViolations_Fail()
    {
        var report = CorrectnessChecker.Check(
            Observed(unresolved: 1, "A second vote with a new key was accepted"), EmptyBaseline, Audit(), Results(), Turnout());

        Assert.Contains("every sent vote has a definite response", Failed(report));
        Assert.Contains("no contract violation on the wire", Failed(report));
    }

    [Fact]
    public void Baseline_IsSubtracted()
    {
        var baseline = Audit(f1: 10, f2: 5);
        var after = Audit(f1: 12, f2: 6);

        var report = CorrectnessChecker.Check(Observed(), baseline, after, Results(12, 6), Turnout(18));

        Assert.True(report.Passed, string.Join("; ", Failed(report)));
    }

    [Fact]
    public void CategoryMissingFromAudit_Fails()
    {
        var report = CorrectnessChecker.Check(Observed(), EmptyBaseline, new AuditDocument("e", []), Results(), Turnout());

        Assert.Equal(["c: category in audit"], Failed(report));
    }
}
