using Voting.Grains.Interfaces.Ballots;

namespace Voting.Api.Ballots;

/// <summary>
/// The ballot file format (JSON, camelCase). Every property is nullable here so that a missing
/// one is reported by <see cref="BallotValidator"/> with its JSON path instead of failing the parse.
/// </summary>
public sealed record BallotDocument(string? ElectionId, string? Title, List<CategoryDocument?>? Categories)
{
    /// <summary>Converts a document that <see cref="BallotValidator"/> accepted.</summary>
    public BallotDefinition ToDefinition() => new(ElectionId!, Title!.Trim(),
        Categories!.Select(c => new CategoryDefinition(c!.Id!, c.Title!.Trim(), c.Description?.Trim(),
            c.Finalists!.Select(f => new FinalistDefinition(f!.Id!, f.Name!.Trim(),
                f.Projects!.Select(p => new ProjectDefinition(p!.Title!.Trim(), p.Summary!.Trim(),
                    string.IsNullOrWhiteSpace(p.VideoUrl) ? null : p.VideoUrl.Trim())).ToList(),
                f.IsExample ?? false)).ToList())).ToList());
}

public sealed record CategoryDocument(string? Id, string? Title, string? Description,
    List<FinalistDocument?>? Finalists);

public sealed record FinalistDocument(string? Id, string? Name, bool? IsExample, List<ProjectDocument?>? Projects);

public sealed record ProjectDocument(string? Title, string? Summary, string? VideoUrl);
