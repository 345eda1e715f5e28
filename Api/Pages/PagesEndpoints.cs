using Microsoft.Net.Http.Headers;

namespace Voting.Api.Pages;

/// <summary>
/// Serves the static web pages from wwwroot: the delegate voting page (/vote/), the ceremony
/// screen (/screen/) and the operator console (/console/), plus their shared assets (/shared/).
/// </summary>
public static class PagesEndpoints
{
    /// <summary>
    /// Policy for every page response. The pages load no inline script or style and nothing
    /// from another origin, so everything except same-origin resources is blocked.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static readonly PathString[] PagePaths = ["/vote", "/screen", "/console"];
    private static readonly PathString SharedPath = "/shared";

    /// <summary>
    /// Adds the page middleware: redirects /vote to /vote/ (likewise /screen and /console,
    /// keeping the query string) and serves the folders' files with the security headers.
    /// </summary>
    public static WebApplication MapVotingPages(this WebApplication app)
    {
        app.UseWhen(context => IsPageRequest(context.Request.Path), branch =>
        {
            branch.Use(RedirectToFolderOrAddHeaders);
            branch.UseDefaultFiles();
            branch.UseStaticFiles(new StaticFileOptions
            {
                // Revalidate on every load (the ETag makes that cheap) so a redeployed page is never stale.
                OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache",
            });
        });
        return app;
    }

    private static bool IsPageRequest(PathString path) =>
        path.StartsWithSegments(SharedPath) || PagePaths.Any(page => path.StartsWithSegments(page));

    private static Task RedirectToFolderOrAddHeaders(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";

        var page = PagePaths.FirstOrDefault(page => context.Request.Path.Equals(page, StringComparison.OrdinalIgnoreCase));
        if (page.HasValue)
        {
            // The default document is served only for the folder URL, with its trailing slash. Browsers
            // keep the URL fragment (the delegate's #token=…) across this redirect without sending it.
            context.Response.StatusCode = StatusCodes.Status302Found;
            headers.Location = $"{page}/{context.Request.QueryString}";
            return Task.CompletedTask;
        }

        return next(context);
    }
}
