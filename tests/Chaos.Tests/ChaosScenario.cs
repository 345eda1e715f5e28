using Xunit.Abstractions;

namespace Voting.Chaos.Tests;

/// <summary>
/// Steady voting in a fresh election while a fault hits the cluster, followed by the checks every
/// fault must pass: only retryable errors, service back within <see cref="RecoveryBound"/>, and every
/// acknowledged vote in the ledger and the published results exactly once.
/// </summary>
public static class ChaosScenario
{
    /// <summary>How long after a fault the cluster must acknowledge votes again; generous for a 2-core machine.</summary>
    public static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(60);

    private const int Delegates = 2000;
    private const int Clients = 6;
    private const int VotesBeforeFault = 100;
    private const int VotesAfterFault = 100;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan VotingAfterRecovery = TimeSpan.FromSeconds(2);

    public static async Task RunAsync(LocalCluster cluster, string operatorToken, Func<Task> fault, ITestOutputHelper output)
    {
        var electionId = $"chaos-{Guid.NewGuid():N}"[..20];
        using var election = new ElectionClient(cluster.ApiUrls[0], operatorToken, electionId);
        var categories = await election.DefineBallotAsync();
        var delegates = await election.ImportDelegatesAsync(Delegates);
        await election.OpenAsync();

        var load = new VoteLoad(cluster.ApiUrls, electionId, VoteLoad.PlanIntents(delegates, categories));
        using var stop = new CancellationTokenSource();
        var voting = load.RunAsync(Clients, Pause, stop.Token);
        TimeSpan recovery;
        try
        {
            await load.WaitForMoreAcknowledgementsAsync(VotesBeforeFault, RecoveryBound);
            var faultStarted = load.Elapsed;
            await fault();
            var faultEnded = load.Elapsed;
            output.WriteLine($"fault from {faultStarted.TotalSeconds:F1}s to {faultEnded.TotalSeconds:F1}s, {load.AcknowledgedCount} votes acknowledged so far");
            recovery = await load.WaitForMoreAcknowledgementsAsync(VotesAfterFault, RecoveryBound);
            await Task.Delay(VotingAfterRecovery);
        }
        finally
        {
            // Bounded: each loop finishes at most one intent, which gives up after MaxIntentTime.
            await stop.CancelAsync();
            await voting.WaitAsync(VoteLoad.MaxIntentTime + TimeSpan.FromSeconds(30));
        }

        output.WriteLine($"{load.AcknowledgedCount} votes acknowledged in {load.Elapsed.TotalSeconds:F1}s; " +
            $"{VotesAfterFault} more acknowledged {recovery.TotalSeconds:F1}s after the fault; retryable failures: " +
            string.Join(", ", load.RetryableFailures.Select(f => $"{f.Key} {f.Value}")));

        Assert.True(load.Violations.IsEmpty,
            $"{load.Violations.Count} non-retryable answers, first: {string.Join(" | ", load.Violations.Take(5))}");
        Assert.True(recovery < RecoveryBound, $"votes were acknowledged again only after {recovery}");
        await CheckLedgerAsync(cluster, election, load, categories);
    }

    private static async Task CheckLedgerAsync(LocalCluster cluster, ElectionClient election, VoteLoad load,
        IReadOnlyList<TestCategory> categories)
    {
        var acknowledged = load.Acknowledged.ToList();
        var acknowledgedByCategory = categories.ToDictionary(c => c.Id, c => (long)acknowledged
            .Where(a => a.Intent.CategoryId == c.Id).Select(a => a.Intent.Delegate.Id).Distinct().Count());
        Assert.Equal(acknowledged.Count, acknowledgedByCategory.Values.Sum());

        var signIns = await LedgerAudit.CountSignInsAsync(cluster.ConnectionString, election.ElectionId);
        var ballots = await LedgerAudit.CountBallotsAsync(cluster.ConnectionString, election.ElectionId);
        foreach (var category in categories)
        {
            Assert.Equal(acknowledgedByCategory[category.Id], signIns.GetValueOrDefault(category.Id));
            Assert.Equal(acknowledgedByCategory[category.Id], ballots.GetValueOrDefault(category.Id));
        }

        var receipts = acknowledged.Where(a => a.Receipt is not null).Select(a => a.Receipt!).ToList();
        var stored = await LedgerAudit.ReadReceiptsAsync(cluster.ConnectionString, election.ElectionId);
        var missing = receipts.Where(r => !stored.Contains(r)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} acknowledged receipts are not in the ledger, first: {missing.FirstOrDefault()}");

        await election.CloseAsync();
        await election.PublishAsync();
        var published = await election.ReadPublishedBallotsAsync();
        foreach (var category in categories)
        {
            Assert.Equal(acknowledgedByCategory[category.Id], published[category.Id]);
        }

        foreach (var receipt in receipts.Take(10))
        {
            Assert.True(await election.IsReceiptPublishedAsync(receipt), $"receipt {receipt} is not in the published results");
        }
    }
}
