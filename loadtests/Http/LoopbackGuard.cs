using System.Net;

namespace Voting.LoadTests.Http;

/// <summary>Keeps load traffic on this machine unless the operator explicitly allows a remote target.</summary>
public static class LoopbackGuard
{
    /// <summary>Returns true when the URL's host is <c>localhost</c> or a loopback address (127.0.0.0/8, ::1).</summary>
    public static bool IsLoopback(Uri baseUrl)
    {
        if (string.Equals(baseUrl.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(baseUrl.IdnHost, out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>Throws when the base URL is not loopback and <paramref name="allowRemote"/> is false.</summary>
    public static void EnsureAllowed(Uri baseUrl, bool allowRemote)
    {
        if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Base URL '{baseUrl}' must be an absolute http or https URL.");
        }

        if (!allowRemote && !IsLoopback(baseUrl))
        {
            throw new ArgumentException(
                $"Base URL '{baseUrl}' is not a loopback address. Load tests target 127.0.0.1, ::1 or " +
                "localhost; pass --allow-remote only for a server you run and are allowed to load.");
        }
    }
}
