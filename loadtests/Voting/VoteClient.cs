using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Voting.LoadTests.Measurement;

namespace Voting.LoadTests.Voting;

/// <summary>Sends ballot fetches and votes the way a delegate's phone does, and records what came back.</summary>
public sealed class VoteClient(
    HttpClient http,
    ElectionLayout layout,
    RequestBudget budget,
    RetryPolicy retryPolicy,
    ViolationLog violations,
    TimeSpan requestTimeout)
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    /// <summary>Fetches the ballot as a phone does before voting; returns false when it failed.</summary>
    public async Task<bool> FetchBallotAsync(PhaseRecorder phase, long intendedTimestamp, CancellationToken cancellationToken)
    {
        phase.MarkIntended(intendedTimestamp);
        if (!budget.TryTake())
        {
            return false;
        }

        var outcome = await SendAsync(HttpMethod.Get, layout.BallotPath, bearer: null, key: null, body: null, cancellationToken);
        var completed = Stopwatch.GetTimestamp();
        phase.Ballot.Record(intendedTimestamp, completed, outcome, expected: outcome.IsSuccess);
        phase.MarkCompleted(completed);
        return outcome.IsSuccess;
    }

    /// <summary>
    /// Casts one vote intent: the invalid-credential probe if drawn, the vote with its retries and double tap,
    /// then the second vote with a new key if drawn. Latency of the vote step runs from
    /// <paramref name="intendedTimestamp"/> to the final response.
    /// </summary>
    public async Task<Outcome?> CastAsync(
        VoteIntent intent, PhaseRecorder phase, long intendedTimestamp, CancellationToken cancellationToken)
    {
        phase.MarkIntended(intendedTimestamp);
        if (intent.InvalidCredential)
        {
            await ProbeInvalidCredentialAsync(intent, phase, cancellationToken);
        }

        var path = layout.VotePath(intent.CategoryIndex);
        var body = layout.VoteBody(intent.CategoryIndex, intent.FinalistIndex);
        var bearer = layout.Bearer(intent.DelegateIndex);
        if (!budget.TryTake())
        {
            return null;
        }

        var tapTask = intent.DoubleTap && budget.TryTake()
            ? SendAsync(HttpMethod.Post, path, bearer, intent.IdempotencyKey, body, cancellationToken)
            : null;
        var outcome = await SendAsync(HttpMethod.Post, path, bearer, intent.IdempotencyKey, body, cancellationToken);
        outcome = await RetryAsync(intent, outcome, phase.Retry, cancellationToken);

        if (tapTask is not null)
        {
            var tapOutcome = await tapTask;
            phase.DoubleTap.Record(intendedTimestamp, Stopwatch.GetTimestamp(), tapOutcome, tapOutcome.IsSuccess);
            Apply(intent, tapOutcome);
            if (outcome.IsSuccess != tapOutcome.IsSuccess && (outcome.IsClientError || tapOutcome.IsClientError))
            {
                violations.Add(
                    $"Double tap on one idempotency key got '{outcome.Label}' and '{tapOutcome.Label}'; " +
                    $"a replay must get the original response (delegate #{intent.DelegateIndex}, category #{intent.CategoryIndex}).");
            }
        }

        Apply(intent, outcome);
        var completed = Stopwatch.GetTimestamp();
        phase.Vote.Record(intendedTimestamp, completed, outcome, expected: outcome.IsSuccess);
        phase.MarkCompleted(completed);
        if (intent.State == IntentState.Acknowledged)
        {
            phase.MarkAcknowledged();
            if (intent.SecondVote)
            {
                await SendSecondVoteAsync(intent, phase, cancellationToken);
            }
        }

        return outcome;
    }

    /// <summary>Replays an intent whose outcome is unknown until it gets a definite response or the retries run out.</summary>
    public async Task SettleAsync(VoteIntent intent, CancellationToken cancellationToken)
    {
        var path = layout.VotePath(intent.CategoryIndex);
        var body = layout.VoteBody(intent.CategoryIndex, intent.FinalistIndex);
        var outcome = await SendAsync(
            HttpMethod.Post, path, layout.Bearer(intent.DelegateIndex), intent.IdempotencyKey, body, cancellationToken);
        for (var retries = 0; !outcome.IsSuccess && !outcome.IsClientError && retries < retryPolicy.MaxRetries; retries++)
        {
            await Task.Delay(retryPolicy.NextDelay(0, outcome, Random.Shared.NextDouble()) ?? TimeSpan.Zero, cancellationToken);
            outcome = await SendAsync(
                HttpMethod.Post, path, layout.Bearer(intent.DelegateIndex), intent.IdempotencyKey, body, cancellationToken);
        }

        if (outcome.IsSuccess)
        {
            Apply(intent, outcome);
        }
        else if (outcome.IsClientError && intent.State == IntentState.Unknown)
        {
            // A 4xx to a replay of the same key and body means the first send was never recorded.
            violations.Add(
                $"Replay of a vote without a definite response got '{outcome.Label}' (delegate #{intent.DelegateIndex}, " +
                $"category #{intent.CategoryIndex}); the vote stays unresolved.");
        }
    }

    private async Task<Outcome> RetryAsync(
        VoteIntent intent, Outcome outcome, StepRecorder retryStep, CancellationToken cancellationToken)
    {
        var path = layout.VotePath(intent.CategoryIndex);
        var body = layout.VoteBody(intent.CategoryIndex, intent.FinalistIndex);
        for (var retries = 0; !cancellationToken.IsCancellationRequested; retries++)
        {
            var delay = retryPolicy.NextDelay(retries, outcome, Random.Shared.NextDouble());
            if (delay is null || !budget.TryTake())
            {
                break;
            }

            try
            {
                await Task.Delay(delay.Value, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var sent = Stopwatch.GetTimestamp();
            outcome = await SendAsync(
                HttpMethod.Post, path, layout.Bearer(intent.DelegateIndex), intent.IdempotencyKey, body, cancellationToken);
            retryStep.Record(sent, Stopwatch.GetTimestamp(), outcome, outcome.IsSuccess);
        }

        return outcome;
    }

    private async Task ProbeInvalidCredentialAsync(VoteIntent intent, PhaseRecorder phase, CancellationToken cancellationToken)
    {
        if (!budget.TryTake())
        {
            return;
        }

        var sent = Stopwatch.GetTimestamp();
        var outcome = await SendAsync(
            HttpMethod.Post,
            layout.VotePath(intent.CategoryIndex),
            layout.InvalidBearer(intent.DelegateIndex),
            Guid.NewGuid().ToString("N"),
            layout.VoteBody(intent.CategoryIndex, intent.FinalistIndex),
            cancellationToken);
        phase.InvalidCredential.Record(sent, Stopwatch.GetTimestamp(), outcome, expected: outcome.StatusCode == 401);
        if (outcome.IsSuccess)
        {
            violations.Add($"A vote with a tampered credential was accepted with {outcome.Label} (delegate #{intent.DelegateIndex}).");
        }
    }

    private async Task SendSecondVoteAsync(VoteIntent intent, PhaseRecorder phase, CancellationToken cancellationToken)
    {
        if (!budget.TryTake())
        {
            return;
        }

        var otherFinalist = (intent.FinalistIndex + 1) % layout.FinalistCount(intent.CategoryIndex);
        var sent = Stopwatch.GetTimestamp();
        var outcome = await SendAsync(
            HttpMethod.Post,
            layout.VotePath(intent.CategoryIndex),
            layout.Bearer(intent.DelegateIndex),
            Guid.NewGuid().ToString("N"),
            layout.VoteBody(intent.CategoryIndex, otherFinalist),
            cancellationToken);
        var expected = outcome.StatusCode == 409 && outcome.ProblemType == "already-voted";
        phase.SecondVote.Record(sent, Stopwatch.GetTimestamp(), outcome, expected);
        if (outcome.IsSuccess)
        {
            violations.Add(
                $"A second vote with a new key was accepted with {outcome.Label} " +
                $"(delegate #{intent.DelegateIndex}, category #{intent.CategoryIndex}); it must get 409 already-voted.");
        }
    }

    private void Apply(VoteIntent intent, Outcome outcome)
    {
        if (outcome.IsSuccess)
        {
            if (!intent.Acknowledge(outcome.Receipt))
            {
                violations.Add(
                    $"One vote got two different receipts (delegate #{intent.DelegateIndex}, category #{intent.CategoryIndex}).");
            }
        }
        else if (outcome.IsClientError)
        {
            intent.MarkRejected();
        }
        else
        {
            intent.MarkUnknown();
        }
    }

    private async Task<Outcome> SendAsync(
        HttpMethod method, string path, string? bearer, string? key, byte[]? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", bearer);
        }

        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = JsonContentType;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(requestTimeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var content = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            var (receipt, status, problemType) = ReadFields(content);
            var retryAfter = RetryPolicy.ParseRetryAfter(response.Headers.RetryAfter, DateTimeOffset.UtcNow);
            return new Outcome(OutcomeKind.Response, (int)response.StatusCode, problemType, receipt, status, retryAfter);
        }
        catch (OperationCanceledException)
        {
            // Covers both the request timeout and the end of the run: either way no response arrived.
            return Outcome.TimedOut;
        }
        catch (HttpRequestException)
        {
            return Outcome.ConnectionFailed;
        }
        finally
        {
            budget.MarkCompleted();
        }
    }

    /// <summary>Reads the top-level <c>receipt</c>, <c>status</c> and <c>type</c> strings of a JSON body.</summary>
    internal static (string? Receipt, string? Status, string? ProblemType) ReadFields(ReadOnlySpan<byte> json)
    {
        string? receipt = null, status = null, type = null;
        if (json.IsEmpty || json[0] != (byte)'{')
        {
            return (null, null, null);
        }

        try
        {
            var reader = new Utf8JsonReader(json);
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                var name = reader.ValueTextEquals("receipt") ? 1 : reader.ValueTextEquals("status") ? 2
                    : reader.ValueTextEquals("type") ? 3 : 0;
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    continue;
                }

                switch (name)
                {
                    case 1: receipt = reader.GetString(); break;
                    case 2: status = reader.GetString(); break;
                    case 3: type = reader.GetString(); break;
                }
            }
        }
        catch (JsonException)
        {
            return (receipt, status, type is null ? null : LastSegment(type));
        }

        return (receipt, status, type is null ? null : LastSegment(type));
    }

    private static string LastSegment(string typeUri)
    {
        var trimmed = typeUri.TrimEnd('/');
        var slash = trimmed.LastIndexOfAny(['/', '#', ':']);
        return slash < 0 ? trimmed : trimmed[(slash + 1)..];
    }
}
