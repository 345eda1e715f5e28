using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Voting.Chaos.Tests;

/// <summary>One vote a client means to cast; its idempotency key stays the same across retries.</summary>
public sealed record VoteIntent(TestDelegate Delegate, string CategoryId, string FinalistId, string IdempotencyKey);

/// <summary>A vote the Api acknowledged: 201 with a receipt, or 200 "already-recorded" without one.</summary>
public sealed record Acknowledgement(VoteIntent Intent, int StatusCode, string? Receipt, TimeSpan At);

/// <summary>
/// Steady voting from a fixed number of client loops, each casting one intent at a time with a short
/// pause in between. A client retries a 503 or a connection error with the same key, at most
/// <see cref="MaxAttempts"/> times and for at most <see cref="MaxIntentTime"/>; any other response is final.
/// </summary>
public sealed class VoteLoad(IReadOnlyList<Uri> apiUrls, string electionId, IEnumerable<VoteIntent> intents)
{
    public const int MaxAttempts = 200;
    public static readonly TimeSpan MaxIntentTime = TimeSpan.FromSeconds(90);
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);

    private readonly ConcurrentQueue<VoteIntent> _intents = new(intents);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _acknowledgedCount;

    public ConcurrentBag<Acknowledgement> Acknowledged { get; } = [];

    /// <summary>Responses a client must never get: a 500, a 4xx, an intent never acknowledged.</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>Retryable failures seen, by kind ("503", "connection error", "timeout").</summary>
    public ConcurrentDictionary<string, int> RetryableFailures { get; } = new();

    public int AcknowledgedCount => Volatile.Read(ref _acknowledgedCount);

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>
    /// Runs <paramref name="clients"/> loops until <paramref name="stop"/> is cancelled or the intents run
    /// out. A loop finishes the intent it is casting before it returns, so every intent sent ends
    /// acknowledged or recorded as a violation.
    /// </summary>
    public async Task RunAsync(int clients, TimeSpan pause, CancellationToken stop)
    {
        var handlers = apiUrls.Select(url => new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) }).ToList();
        try
        {
            await Task.WhenAll(Enumerable.Range(0, clients).Select(i => RunClientAsync(handlers[i % handlers.Count], pause, stop)));
        }
        finally
        {
            handlers.ForEach(h => h.Dispose());
        }
    }

    /// <summary>Waits until <paramref name="count"/> more votes are acknowledged; returns how long that took.</summary>
    public async Task<TimeSpan> WaitForMoreAcknowledgementsAsync(int count, TimeSpan timeout)
    {
        var target = AcknowledgedCount + count;
        var started = Stopwatch.StartNew();
        while (AcknowledgedCount < target)
        {
            if (started.Elapsed > timeout)
            {
                throw new TimeoutException($"Only {AcknowledgedCount - target + count} of {count} more votes were acknowledged within {timeout}.");
            }

            await Task.Delay(50);
        }

        return started.Elapsed;
    }

    private async Task RunClientAsync(HttpClient http, TimeSpan pause, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && _intents.TryDequeue(out var intent))
        {
            await CastUntilAnsweredAsync(http, intent);
            await Task.Delay(pause, CancellationToken.None);
        }
    }

    private async Task CastUntilAnsweredAsync(HttpClient http, VoteIntent intent)
    {
        var started = Stopwatch.StartNew();
        for (var attempt = 1; attempt <= MaxAttempts && started.Elapsed < MaxIntentTime; attempt++)
        {
            TimeSpan retryDelay;
            try
            {
                using var request = CreateRequest(intent);
                using var response = await http.SendAsync(request);
                var status = (int)response.StatusCode;
                if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                {
                    var body = await response.Content.ReadFromJsonAsync<JsonObject>();
                    Acknowledged.Add(new Acknowledgement(intent, status, body?["receipt"]?.GetValue<string>(), Elapsed));
                    Interlocked.Increment(ref _acknowledgedCount);
                    return;
                }

                if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                {
                    var body = await response.Content.ReadAsStringAsync();
                    Violations.Enqueue($"{intent.Delegate.Id}/{intent.CategoryId}: {status} {body}");
                    return;
                }

                if (response.Headers.RetryAfter?.Delta is null)
                {
                    Violations.Enqueue($"{intent.Delegate.Id}/{intent.CategoryId}: 503 without Retry-After");
                }

                Count("503");
                retryDelay = Min(response.Headers.RetryAfter?.Delta ?? MaxRetryDelay, MaxRetryDelay);
            }
            catch (HttpRequestException)
            {
                Count("connection error");
                retryDelay = TimeSpan.FromMilliseconds(250);
            }
            catch (TaskCanceledException)
            {
                Count("timeout");
                retryDelay = TimeSpan.FromMilliseconds(250);
            }

            await Task.Delay(retryDelay);
        }

        Violations.Enqueue($"{intent.Delegate.Id}/{intent.CategoryId}: not acknowledged after {MaxAttempts} attempts or {MaxIntentTime}");
    }

    private HttpRequestMessage CreateRequest(VoteIntent intent)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/elections/{electionId}/categories/{intent.CategoryId}/votes")
        {
            Content = new StringContent($"{{\"finalistId\":\"{intent.FinalistId}\"}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", intent.Delegate.Token);
        request.Headers.Add("Idempotency-Key", intent.IdempotencyKey);
        return request;
    }

    private void Count(string kind) => RetryableFailures.AddOrUpdate(kind, 1, (_, n) => n + 1);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>One intent per delegate and category, with finalists spread evenly and a fresh key each.</summary>
    public static List<VoteIntent> PlanIntents(IReadOnlyList<TestDelegate> delegates, IReadOnlyList<TestCategory> categories)
    {
        var intents = new List<VoteIntent>();
        for (var i = 0; i < delegates.Count; i++)
        {
            foreach (var category in categories)
            {
                var finalist = category.FinalistIds[i % category.FinalistIds.Count];
                intents.Add(new VoteIntent(delegates[i], category.Id, finalist, $"chaos-{Guid.NewGuid():N}"));
            }
        }

        return intents;
    }
}
