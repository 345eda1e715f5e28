using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Voting.Api.Problems;

/// <summary>Builds <c>application/problem+json</c> results with our problem types.</summary>
public static class Problem
{
    public static ProblemHttpResult Of(int status, string type, string title, string detail,
        IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                problem.Extensions[key] = value;
            }
        }

        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult Validation(string detail, IReadOnlyList<FieldError> errors) =>
        Of(StatusCodes.Status400BadRequest, ProblemTypes.ValidationFailed, "The request is invalid.", detail,
            new Dictionary<string, object?> { ["errors"] = errors });

    public static ProblemHttpResult ElectionNotFound(string electionId) =>
        Of(StatusCodes.Status404NotFound, ProblemTypes.ElectionNotFound, "Election not found.",
            $"No election '{electionId}' exists.");

    public static ProblemHttpResult CategoryNotFound(string electionId, string categoryId) =>
        Of(StatusCodes.Status404NotFound, ProblemTypes.CategoryNotFound, "Category not found.",
            $"Election '{electionId}' has no category '{categoryId}'.");

    public static ProblemHttpResult InvalidCredential(string detail) =>
        Of(StatusCodes.Status401Unauthorized, ProblemTypes.InvalidCredential, "The credential is not valid.", detail);

    public static ProblemHttpResult Forbidden(string detail) =>
        Of(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Operators only.", detail);

    public static ProblemHttpResult Unavailable(string detail) =>
        Of(StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, "Temporarily unavailable; retry.", detail);
}

/// <summary>One invalid field: where it is (JSON path or CSV line) and what is wrong with it.</summary>
public sealed record FieldError(string Path, string Message, int? Line = null);
