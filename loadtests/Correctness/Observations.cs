using Voting.LoadTests.Voting;

namespace Voting.LoadTests.Correctness;

/// <summary>Votes the harness saw acknowledged in one category, in total and per finalist.</summary>
public sealed record CategoryObservation(
    string CategoryId, long Acknowledged, IReadOnlyDictionary<string, long> AcknowledgedByFinalist);

/// <summary>What the harness saw on the wire during a run, as input to the correctness check.</summary>
/// <param name="UnresolvedVotes">Votes sent that got no definite response, even after settling.</param>
/// <param name="Violations">Contract violations seen on the wire, such as a second vote acknowledged.</param>
public sealed record Observations(
    IReadOnlyList<CategoryObservation> Categories,
    long UnresolvedVotes,
    long ViolationCount,
    IReadOnlyList<string> Violations)
{
    /// <summary>Summarises the plan's intents after the run and the settling of unknown outcomes.</summary>
    public static Observations FromPlan(VotePlan plan, ElectionLayout layout, ViolationLog violations)
    {
        var categories = new List<CategoryObservation>();
        for (var category = 0; category < layout.Categories.Count; category++)
        {
            var finalists = layout.Categories[category].Finalists;
            var byFinalist = finalists.ToDictionary(finalist => finalist.Id, _ => 0L);
            long acknowledged = 0;
            for (var delegateIndex = 0; delegateIndex < plan.DelegateCount; delegateIndex++)
            {
                var intent = plan.Intent(delegateIndex, category);
                if (intent.State == IntentState.Acknowledged)
                {
                    acknowledged++;
                    byFinalist[finalists[intent.FinalistIndex].Id]++;
                }
            }

            categories.Add(new CategoryObservation(layout.Categories[category].Id, acknowledged, byFinalist));
        }

        var unresolved = plan.Intents.LongCount(intent => intent.State == IntentState.Unknown);
        return new Observations(categories, unresolved, violations.Count, violations.Messages);
    }
}
