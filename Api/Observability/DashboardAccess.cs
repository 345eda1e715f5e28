using System.Net.Mime;
using Orleans.Dashboard;
using Voting.Api.Credentials;
using Voting.Api.Problems;

namespace Voting.Api.Observability;

/// <summary>
/// Serves the Orleans Dashboard under <c>/dashboard</c> to operators only. A request passes with
/// an operator bearer credential, or with the session cookie that <c>POST /dashboard/session</c>
/// sets in exchange for one: HttpOnly, SameSite=Strict, limited to <c>/dashboard</c>, and signed
/// for the dashboard audience so it is useless as an API credential.
/// </summary>
public static partial class DashboardAccess
{
    public const string Prefix = "/dashboard";
    public const string SessionPath = Prefix + "/session";
    public const string CookieName = "voting-dashboard";

    public static IEndpointRouteBuilder MapVotingDashboard(this IEndpointRouteBuilder app)
    {
        app.MapOrleansDashboard(routePrefix: Prefix).AddEndpointFilter(RequireOperatorAsync).ExcludeFromDescription();
        app.MapGet(SessionPath, SignInPage).ExcludeFromDescription();
        app.MapPost(SessionPath, StartSessionAsync).WithTags("Operators");
        app.MapDelete(SessionPath, EndSession).WithTags("Operators");
        return app;
    }

    private static async ValueTask<object?> RequireOperatorAsync(EndpointFilterInvocationContext invocation,
        EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (context.Request.Headers.Authorization.Count > 0)
        {
            return await BearerCredentials.RequireOperatorAsync(context) ?? await next(invocation);
        }

        var credentials = context.RequestServices.GetRequiredService<CredentialService>();
        if (context.Request.Cookies.TryGetValue(CookieName, out var session)
            && await credentials.IsDashboardSessionValidAsync(session))
        {
            return await next(invocation);
        }

        // A browser without a session goes to the sign-in form; other clients get the 401 problem.
        if (context.Request.Headers.Accept.Any(a => a?.Contains(MediaTypeNames.Text.Html) == true))
        {
            return TypedResults.Redirect(SessionPath);
        }

        return Problem.InvalidCredential(
            $"The dashboard is for operators: send 'Authorization: Bearer <operator token>', or sign in at {SessionPath}.");
    }

    /// <summary>
    /// Exchanges an operator credential, from the Authorization header or the form field
    /// <c>token</c>, for a dashboard session cookie.
    /// </summary>
    private static async Task<IResult> StartSessionAsync(HttpContext context, CredentialService credentials,
        ILoggerFactory loggers)
    {
        var fromForm = context.Request.Headers.Authorization.Count == 0 && context.Request.HasFormContentType;
        Credential? credential;
        if (fromForm)
        {
            IFormCollection form;
            try
            {
                form = await context.Request.ReadFormAsync(context.RequestAborted);
            }
            catch (Exception exception) when (exception is InvalidDataException or IOException)
            {
                // These mean a missing multipart boundary, a truncated body or too many fields, all client errors.
                return Problem.Of(StatusCodes.Status400BadRequest, ProblemTypes.InvalidForm, "The form could not be read.",
                    $"The sign-in form is malformed ({exception.Message}); send the field 'token' as application/x-www-form-urlencoded.");
            }

            var token = form["token"].ToString().Trim();
            (credential, var error) = token.Length == 0
                ? (null, "The form field 'token' is missing; paste an operator credential.")
                : await credentials.ValidateAsync(token);
            if (credential is null)
            {
                return Problem.InvalidCredential(error!);
            }
        }
        else
        {
            (credential, var problem) = await BearerCredentials.ReadAsync(context);
            if (credential is null)
            {
                return problem!;
            }
        }

        if (credential is not OperatorCredential operatorCredential)
        {
            return Problem.Forbidden("The dashboard needs an operator credential.");
        }

        context.Response.Cookies.Append(CookieName, credentials.IssueDashboardSessionToken(operatorCredential.Subject),
            new CookieOptions
            {
                Path = Prefix,
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                MaxAge = credentials.DashboardSessionLifetime,
            });
        LogSessionStarted(loggers.CreateLogger("Voting.Api.Dashboard"), operatorCredential.Subject);
        return fromForm ? TypedResults.Redirect(Prefix + "/") : TypedResults.NoContent();
    }

    private static IResult EndSession(HttpContext context)
    {
        context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = Prefix });
        return TypedResults.NoContent();
    }

    private static IResult SignInPage(HttpContext context)
    {
        context.Response.Headers.ContentSecurityPolicy =
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Content(SignInHtml, "text/html; charset=utf-8");
    }

    private const string SignInHtml = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Orleans Dashboard: operator sign-in</title>
        <style>body{font-family:sans-serif;max-width:32rem;margin:3rem auto}input{width:100%}</style></head>
        <body>
        <h1>Operator sign-in</h1>
        <p>Paste an operator credential (from <code>dotnet run --project Api -- operator-token</code>).
        The dashboard session lasts one hour by default.</p>
        <form method="post" action="/dashboard/session">
        <input type="password" name="token" autocomplete="off" required>
        <p><button type="submit">Open the dashboard</button></p>
        </form>
        </body>
        </html>
        """;

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Dashboard session started for operator {Subject}")]
    private static partial void LogSessionStarted(ILogger logger, string subject);
}
