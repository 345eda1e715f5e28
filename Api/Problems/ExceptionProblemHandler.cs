using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Voting.Api.Voting;

namespace Voting.Api.Problems;

/// <summary>
/// Turns exceptions that escape an endpoint into problem responses. Cluster failures
/// (<see cref="TransientClusterFailure"/>: a silo gone, a call timed out) become 503 with
/// <c>Retry-After</c>, because nothing was acknowledged and the client's idempotency key makes a
/// retry safe; anything else is a 500 that is logged.
/// </summary>
internal sealed partial class ExceptionProblemHandler(IProblemDetailsService problems,
    ILogger<ExceptionProblemHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception,
        CancellationToken cancellationToken)
    {
        var (status, type, title) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? ProblemTypes.BodyTooLarge : ProblemTypes.InvalidJson, "The request could not be read."),
            _ when TransientClusterFailure.Matches(exception) =>
                (StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, "Temporarily unavailable; retry."),
            _ => (StatusCodes.Status500InternalServerError, ProblemTypes.InternalError, "Internal error."),
        };

        if (status >= 500)
        {
            LogUnhandled(logger, exception, context.Request.Method, context.Request.Path, context.TraceIdentifier);
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "2";
        }

        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Type = type,
                Title = title,
                Detail = status == StatusCodes.Status500InternalServerError
                    ? $"Request {context.TraceIdentifier} failed; the error is logged under this id."
                    : exception.Message,
            },
        });
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "{Method} {Path} failed (request {RequestId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path,
        string requestId);
}
