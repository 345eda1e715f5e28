using System.Text;
using System.Text.Json;
using Voting.LoadTests.Http;

namespace Voting.LoadTests.Voting;

/// <summary>
/// What the virtual delegates need to vote: the election's categories and finalists, request paths and bodies
/// prepared once, and each delegate's credential.
/// </summary>
public sealed class ElectionLayout
{
    private readonly byte[][][] _bodies;
    private readonly string[] _votePaths;
    private readonly string[] _bearers;
    private readonly string[] _invalidBearers;

    public ElectionLayout(BallotDocument ballot, IReadOnlyList<DelegateCredential> delegates)
    {
        if (ballot.Categories.Count == 0 || ballot.Categories.Any(category => category.Finalists.Count == 0))
        {
            throw new ArgumentException($"Election '{ballot.ElectionId}' needs categories with finalists to vote on.");
        }

        ElectionId = ballot.ElectionId;
        BallotPath = "api/elections/" + Uri.EscapeDataString(ballot.ElectionId);
        Categories = ballot.Categories;
        Delegates = delegates;
        _votePaths = ballot.Categories
            .Select(category => $"{BallotPath}/categories/{Uri.EscapeDataString(category.Id)}/votes")
            .ToArray();
        _bodies = ballot.Categories
            .Select(category => category.Finalists.Select(finalist => EncodeVote(finalist.Id)).ToArray())
            .ToArray();
        _bearers = delegates.Select(credential => "Bearer " + credential.Token).ToArray();
        _invalidBearers = delegates.Select(credential => "Bearer " + Tamper(credential.Token)).ToArray();
    }

    public string ElectionId { get; }
    public string BallotPath { get; }
    public IReadOnlyList<BallotCategory> Categories { get; }
    public IReadOnlyList<DelegateCredential> Delegates { get; }

    public string VotePath(int categoryIndex) => _votePaths[categoryIndex];

    public byte[] VoteBody(int categoryIndex, int finalistIndex) => _bodies[categoryIndex][finalistIndex];

    public int FinalistCount(int categoryIndex) => _bodies[categoryIndex].Length;

    public string Bearer(int delegateIndex) => _bearers[delegateIndex];

    /// <summary>The delegate's credential with its signature altered, which the API must reject with 401.</summary>
    public string InvalidBearer(int delegateIndex) => _invalidBearers[delegateIndex];

    private static byte[] EncodeVote(string finalistId) =>
        Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { finalistId }, ApiJson.Options));

    private static string Tamper(string token)
    {
        // Changing the last character of a JWT changes its signature, so the token no longer verifies.
        if (token.Length == 0)
        {
            return "invalid";
        }

        var last = token[^1] == 'A' ? 'B' : 'A';
        return token[..^1] + last;
    }
}
