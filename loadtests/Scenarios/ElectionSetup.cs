using System.Globalization;
using Voting.LoadTests.Http;
using Voting.LoadTests.Voting;

namespace Voting.LoadTests.Scenarios;

/// <summary>The election a run votes in, its delegates, and the audit before the run.</summary>
public sealed record PreparedElection(ElectionLayout Layout, AuditDocument Baseline);

/// <summary>Creates the harness's own election and delegates through the operator API, or takes given ones.</summary>
public static class ElectionSetup
{
    public const int CategoryCount = 3;
    public const int FinalistsPerCategory = 5;

    public static async Task<PreparedElection> PrepareAsync(
        OperatorApi api, HarnessSettings settings, string runId, Func<int, int> delegatesNeeded, TextWriter log,
        CancellationToken cancellationToken)
    {
        BallotDocument ballot;
        AuditDocument baseline;
        if (settings.ElectionId is null)
        {
            ballot = CreateBallot("loadtest-" + runId);
            await api.PutBallotAsync(ballot, cancellationToken);
            log.WriteLine($"Created election {ballot.ElectionId} ({CategoryCount} categories × {FinalistsPerCategory} finalists).");
            baseline = new AuditDocument(ballot.ElectionId, []);
        }
        else
        {
            ballot = await api.GetBallotAsync(settings.ElectionId, cancellationToken);
            baseline = await api.GetAuditAsync(settings.ElectionId, cancellationToken);
        }

        var needed = Math.Min(delegatesNeeded(ballot.Categories.Count), settings.MaxDelegates);
        List<DelegateCredential> credentials;
        if (settings.DelegatesCsv is { } csvPath)
        {
            using var reader = new StreamReader(csvPath);
            credentials = CsvFields.ReadCredentials(reader, csvPath).Take(needed).ToList();
            log.WriteLine($"Read {credentials.Count} delegate credentials from {csvPath}.");
        }
        else
        {
            var ids = Enumerable.Range(0, needed)
                .Select(i => $"lt-{runId}-{i.ToString("D6", CultureInfo.InvariantCulture)}")
                .ToList();
            credentials = await api.ImportDelegatesAsync(ballot.ElectionId, ids, cancellationToken);
            log.WriteLine($"Imported {credentials.Count} delegates into {ballot.ElectionId}.");
        }

        if (settings.ElectionId is null)
        {
            await api.OpenElectionAsync(ballot.ElectionId, cancellationToken);
        }
        else
        {
            await EnsureOpenAsync(api, ballot.ElectionId, cancellationToken);
        }

        return new PreparedElection(new ElectionLayout(ballot, credentials), baseline);
    }

    /// <summary>Builds a ballot of three categories with five finalists each, ids <c>category-N</c> and <c>finalist-N-M</c>.</summary>
    public static BallotDocument CreateBallot(string electionId)
    {
        var categories = Enumerable.Range(1, CategoryCount).Select(c => new BallotCategory(
            $"category-{c}",
            $"Load-test category {c}",
            null,
            Enumerable.Range(1, FinalistsPerCategory).Select(f => new BallotFinalist(
                $"finalist-{c}-{f}",
                $"Finalist {f} of category {c}",
                false,
                [new BallotProject($"Project {c}.{f}", "A generated project for load tests.", null)])).ToList())).ToList();
        return new BallotDocument(electionId, "Load test " + electionId, categories);
    }

    private static async Task EnsureOpenAsync(OperatorApi api, string electionId, CancellationToken cancellationToken)
    {
        var turnout = await api.GetTurnoutAsync(electionId, cancellationToken);
        var notOpen = turnout.Categories
            .Where(category => !string.Equals(category.Phase, "open", StringComparison.OrdinalIgnoreCase))
            .Select(category => $"{category.Id} ({category.Phase})")
            .ToList();
        if (notOpen.Count > 0)
        {
            throw new InvalidOperationException(
                $"Election '{electionId}' has categories that are not open: {string.Join(", ", notOpen)}. " +
                "Open them with POST /api/elections/{electionId}/open, or omit --election to let the harness create one.");
        }
    }
}
