namespace Voting.Api.Problems;

/// <summary>
/// Gives the framework's own problem responses (an unknown route, a method the route does not
/// allow) our problem types and a detail naming the request, like every other 4xx of the API.
/// </summary>
public static class StatusProblems
{
    public static void Name(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Type is not null && problem.Type.StartsWith("urn:voting:problem:", StringComparison.Ordinal))
        {
            return;
        }

        var request = context.HttpContext.Request;
        switch (problem.Status)
        {
            case StatusCodes.Status404NotFound:
                problem.Type = ProblemTypes.NotFound;
                problem.Detail ??= $"No resource at {request.Path}.";
                break;
            case StatusCodes.Status405MethodNotAllowed:
                problem.Type = ProblemTypes.MethodNotAllowed;
                problem.Detail ??= $"{request.Method} is not allowed on {request.Path}; see the Allow header.";
                break;
            case StatusCodes.Status415UnsupportedMediaType:
                problem.Type = ProblemTypes.UnsupportedMediaType;
                break;
            case >= 400 and < 500:
                problem.Type = ProblemTypes.InvalidRequest;
                break;
        }
    }
}
