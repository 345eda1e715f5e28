using System.Net;

namespace Voting.LoadTests.Http;

/// <summary>Builds the one HTTP client every virtual delegate and the operator calls share.</summary>
public static class HarnessHttp
{
    /// <summary>
    /// Creates a client on one shared <see cref="SocketsHttpHandler"/>, or on <paramref name="injectedHandler"/>
    /// (for example a test server's handler), which the client then does not dispose.
    /// </summary>
    public static HttpClient CreateClient(HarnessSettings settings, HttpMessageHandler? injectedHandler = null)
    {
        var client = injectedHandler is null
            ? new HttpClient(CreateSocketsHandler(settings), disposeHandler: true)
            : new HttpClient(injectedHandler, disposeHandler: false);
        client.BaseAddress = settings.BaseUrl;

        // Each vote has its own timeout; this one would otherwise cut long operator imports.
        client.Timeout = Timeout.InfiniteTimeSpan;
        return client;
    }

    private static SocketsHttpHandler CreateSocketsHandler(HarnessSettings settings) => new()
    {
        MaxConnectionsPerServer = settings.MaxConnections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        UseProxy = false,
        AllowAutoRedirect = false,
    };
}
