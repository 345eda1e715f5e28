using Voting.Api.Problems;
using Voting.Grains.Interfaces;

namespace Voting.Api.Ballots;

/// <summary>Checks a ballot document and lists every problem by JSON path.</summary>
public static class BallotValidator
{
    public const int MaxCategories = 20;
    public const int MaxFinalists = 50;
    public const int MaxProjects = 10;
    private const int MaxTitleLength = 300;
    private const int MaxTextLength = 4000;

    public static IReadOnlyList<FieldError> Validate(BallotDocument ballot, string expectedElectionId)
    {
        var errors = new List<FieldError>();
        CheckId(errors, "$.electionId", ballot.ElectionId);
        if (ballot.ElectionId is not null && ballot.ElectionId != expectedElectionId)
        {
            errors.Add(new("$.electionId", $"is '{ballot.ElectionId}' but the URL names '{expectedElectionId}'"));
        }

        CheckText(errors, "$.title", ballot.Title, MaxTitleLength);
        if (ballot.Categories is null || ballot.Categories.Count == 0)
        {
            errors.Add(new("$.categories", "must list at least one category"));
            return errors;
        }

        CheckCount(errors, "$.categories", ballot.Categories.Count, MaxCategories);
        var categoryIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ballot.Categories.Count; i++)
        {
            CheckCategory(errors, $"$.categories[{i}]", ballot.Categories[i], categoryIds);
        }

        return errors;
    }

    private static void CheckCategory(List<FieldError> errors, string path, CategoryDocument? category,
        HashSet<string> categoryIds)
    {
        if (category is null)
        {
            errors.Add(new(path, "must be an object"));
            return;
        }

        CheckUniqueId(errors, $"{path}.id", category.Id, categoryIds, "category");
        CheckText(errors, $"{path}.title", category.Title, MaxTitleLength);
        if (category.Description is { Length: > MaxTextLength })
        {
            errors.Add(new($"{path}.description", $"is longer than {MaxTextLength} characters"));
        }

        if (category.Finalists is null || category.Finalists.Count == 0)
        {
            errors.Add(new($"{path}.finalists", "must list at least one finalist"));
            return;
        }

        CheckCount(errors, $"{path}.finalists", category.Finalists.Count, MaxFinalists);
        var finalistIds = new HashSet<string>(StringComparer.Ordinal);
        for (var j = 0; j < category.Finalists.Count; j++)
        {
            CheckFinalist(errors, $"{path}.finalists[{j}]", category.Finalists[j], finalistIds);
        }
    }

    private static void CheckFinalist(List<FieldError> errors, string path, FinalistDocument? finalist,
        HashSet<string> finalistIds)
    {
        if (finalist is null)
        {
            errors.Add(new(path, "must be an object"));
            return;
        }

        CheckUniqueId(errors, $"{path}.id", finalist.Id, finalistIds, "finalist");
        CheckText(errors, $"{path}.name", finalist.Name, MaxTitleLength);
        if (finalist.Projects is null || finalist.Projects.Count == 0)
        {
            errors.Add(new($"{path}.projects", "must list at least one project"));
            return;
        }

        CheckCount(errors, $"{path}.projects", finalist.Projects.Count, MaxProjects);
        for (var k = 0; k < finalist.Projects.Count; k++)
        {
            var project = finalist.Projects[k];
            var projectPath = $"{path}.projects[{k}]";
            if (project is null)
            {
                errors.Add(new(projectPath, "must be an object"));
                continue;
            }

            CheckText(errors, $"{projectPath}.title", project.Title, MaxTitleLength);
            CheckText(errors, $"{projectPath}.summary", project.Summary, MaxTextLength);
            CheckUrl(errors, $"{projectPath}.videoUrl", project.VideoUrl);
        }
    }

    private static void CheckUniqueId(List<FieldError> errors, string path, string? id, HashSet<string> seen,
        string kind)
    {
        if (CheckId(errors, path, id) && !seen.Add(id!))
        {
            errors.Add(new(path, $"duplicates {kind} id '{id}'"));
        }
    }

    private static bool CheckId(List<FieldError> errors, string path, string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            errors.Add(new(path, "is missing or empty"));
            return false;
        }

        if (!Identifiers.IsValid(id))
        {
            errors.Add(new(path, $"must be 1 to {Identifiers.MaxLength} characters from [A-Za-z0-9._-]"));
            return false;
        }

        return true;
    }

    private static void CheckText(List<FieldError> errors, string path, string? text, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new(path, "is missing or empty"));
        }
        else if (text.Length > maxLength)
        {
            errors.Add(new(path, $"is longer than {maxLength} characters"));
        }
    }

    private static void CheckCount(List<FieldError> errors, string path, int count, int max)
    {
        if (count > max)
        {
            errors.Add(new(path, $"has {count} entries; at most {max} are allowed"));
        }
    }

    private static void CheckUrl(List<FieldError> errors, string path, string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return;
        }

        if (url.Length > 2000 || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || string.IsNullOrEmpty(uri.Host))
        {
            errors.Add(new(path, "must be an absolute http or https URL"));
        }
    }
}
