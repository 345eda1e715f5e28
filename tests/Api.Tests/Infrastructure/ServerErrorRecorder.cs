using System.Collections.Concurrent;

namespace Voting.Api.Tests.Infrastructure;

/// <summary>Every 5xx response any test client received, as "METHOD URL -> STATUS".</summary>
public sealed class ServerErrorRecorder
{
    private readonly ConcurrentQueue<string> _errors = new();
    private int _responses;

    public IReadOnlyList<string> All => [.. _errors];

    public int Count => _errors.Count;

    /// <summary>Responses of any status seen so far, which shows that the handler is in the client pipeline.</summary>
    public int Responses => Volatile.Read(ref _responses);

    public IReadOnlyList<string> Since(int start) => [.. _errors.Skip(start)];

    public DelegatingHandler CreateHandler() => new RecordingHandler(this);

    private sealed class RecordingHandler(ServerErrorRecorder recorder) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
            CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            Interlocked.Increment(ref recorder._responses);
            if ((int)response.StatusCode >= 500)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                recorder._errors.Enqueue($"{request.Method} {request.RequestUri} -> {(int)response.StatusCode} {body}");
            }

            return response;
        }
    }
}
