using Voting.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Voting.Api.Credentials;

/// <summary>Reads and checks the <c>Authorization: Bearer</c> header of a request.</summary>
public static class BearerCredentials
{
    // The per-delegate rate limit validates the credential before the handler does; the result is
    // kept on the request so the signature is checked once.
    private static readonly object ValidationKey = new();

    public static async Task<(Credential? Credential, ProblemHttpResult? Problem)> ReadAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(ValidationKey, out var cached)
            && cached is ValueTuple<Credential?, ProblemHttpResult?> validated)
        {
            return validated;
        }

        var result = await ValidateHeaderAsync(context);
        context.Items[ValidationKey] = result;
        return result;
    }

    private static async Task<(Credential? Credential, ProblemHttpResult? Problem)> ValidateHeaderAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (string.IsNullOrEmpty(header))
        {
            return (null, Problem.InvalidCredential("The Authorization header is missing; send 'Bearer <token>'."));
        }

        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header.Length == scheme.Length)
        {
            return (null, Problem.InvalidCredential("The Authorization header is not of the form 'Bearer <token>'."));
        }

        var service = context.RequestServices.GetRequiredService<CredentialService>();
        var (credential, error) = await service.ValidateAsync(header[scheme.Length..].Trim());
        return credential is null ? (null, Problem.InvalidCredential(error!)) : (credential, null);
    }

    /// <summary>Returns the delegate credential for this election, or the 401 problem to send.</summary>
    public static async Task<(DelegateCredential? Credential, ProblemHttpResult? Problem)> ReadDelegateAsync(
        HttpContext context, string electionId)
    {
        var (credential, problem) = await ReadAsync(context);
        return credential switch
        {
            null => (null, problem),
            DelegateCredential d when d.ElectionId == electionId => (d, null),
            DelegateCredential => (null, Problem.InvalidCredential("This credential belongs to another election.")),
            _ => (null, Problem.InvalidCredential("This endpoint needs a delegate credential.")),
        };
    }

    /// <summary>Returns true with an operator credential; otherwise the 401 or 403 problem to send.</summary>
    public static async Task<ProblemHttpResult?> RequireOperatorAsync(HttpContext context)
    {
        var (credential, problem) = await ReadAsync(context);
        return credential switch
        {
            null => problem,
            OperatorCredential => null,
            _ => Problem.Forbidden("This endpoint needs an operator credential."),
        };
    }

    /// <summary>True when the request carries a valid operator credential; no problem is produced otherwise.</summary>
    public static async Task<bool> IsOperatorAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.Count == 0)
        {
            return false;
        }

        var (credential, _) = await ReadAsync(context);
        return credential is OperatorCredential;
    }
}
