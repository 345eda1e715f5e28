namespace Voting.Grains.Interfaces.Ballots;

/// <summary>An election's ballot: the categories delegates vote in and the finalists of each.</summary>
[GenerateSerializer, Immutable, Alias("voting.BallotDefinition")]
public sealed record BallotDefinition(
    [property: Id(0)] string ElectionId,
    [property: Id(1)] string Title,
    [property: Id(2)] IReadOnlyList<CategoryDefinition> Categories)
{
    public CategoryDefinition? FindCategory(string categoryId) =>
        Categories.FirstOrDefault(c => c.Id == categoryId);
}

/// <summary>A prize category, for example "Une chance pour la société numérique".</summary>
[GenerateSerializer, Immutable, Alias("voting.CategoryDefinition")]
public sealed record CategoryDefinition(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] string? Description,
    [property: Id(3)] IReadOnlyList<FinalistDefinition> Finalists)
{
    public bool HasFinalist(string finalistId) => Finalists.Any(f => f.Id == finalistId);
}

/// <summary>A finalist (a département) with the project or projects it presents.</summary>
[GenerateSerializer, Immutable, Alias("voting.FinalistDefinition")]
public sealed record FinalistDefinition(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<ProjectDefinition> Projects,
    [property: Id(3)] bool IsExample = false);

/// <summary>A project presented by a finalist; the video link is optional.</summary>
[GenerateSerializer, Immutable, Alias("voting.ProjectDefinition")]
public sealed record ProjectDefinition(
    [property: Id(0)] string Title,
    [property: Id(1)] string Summary,
    [property: Id(2)] string? VideoUrl = null);
