using System.Text.Json.Nodes;

namespace Voting.Api.Tests.Infrastructure;

/// <summary>Ballot documents for tests, as the JSON an operator would PUT.</summary>
public static class TestBallots
{
    /// <summary>Category ids of <see cref="Create"/>, each with its finalist ids.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Finalists = new Dictionary<string, string[]>
    {
        ["cat-a"] = ["fin-a1", "fin-a2", "fin-a3"],
        ["cat-b"] = ["fin-b1", "fin-b2"],
    };

    public static JsonObject Create(string electionId)
    {
        var categories = new JsonArray();
        foreach (var (categoryId, finalistIds) in Finalists)
        {
            var finalists = new JsonArray();
            foreach (var finalistId in finalistIds)
            {
                finalists.Add(Finalist(finalistId));
            }

            categories.Add(new JsonObject
            {
                ["id"] = categoryId,
                ["title"] = $"Category {categoryId}",
                ["description"] = "A test category.",
                ["finalists"] = finalists,
            });
        }

        return new JsonObject
        {
            ["electionId"] = electionId,
            ["title"] = $"Test election {electionId}",
            ["categories"] = categories,
        };
    }

    public static JsonObject Finalist(string id) => new()
    {
        ["id"] = id,
        ["name"] = $"Finalist {id}",
        ["projects"] = new JsonArray(new JsonObject
        {
            ["title"] = $"Project of {id}",
            ["summary"] = "A test project.",
            ["videoUrl"] = "https://video.example/watch?v=1",
        }),
    };

    /// <summary>Reads the 2025 sample ballot that the Api project copies next to the test binaries.</summary>
    public static JsonObject Sample(string electionId)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "samples", "prix-innovation-2025.json");
        var ballot = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        ballot["electionId"] = electionId;
        return ballot;
    }
}
