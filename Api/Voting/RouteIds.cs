using Microsoft.AspNetCore.Http.HttpResults;
using Voting.Api.Problems;
using Voting.Grains.Interfaces;
using Voting.Grains.Interfaces.Ballots;

namespace Voting.Api.Voting;

/// <summary>Looks up the election named in a route; a malformed id is simply not found.</summary>
public static class RouteIds
{
    public static async Task<(ElectionSnapshot? Snapshot, ProblemHttpResult? Problem)> FindElectionAsync(
        IGrainFactory grains, string electionId)
    {
        if (!Identifiers.IsValid(electionId))
        {
            return (null, Problem.ElectionNotFound(Shorten(electionId)));
        }

        var snapshot = await grains.GetGrain<IElectionGrain>(electionId).GetSnapshotAsync();
        return snapshot is null ? (null, Problem.ElectionNotFound(electionId)) : (snapshot, null);
    }

    public static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "…";
}
