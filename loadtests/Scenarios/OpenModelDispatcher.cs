using System.Diagnostics;

namespace Voting.LoadTests.Scenarios;

/// <summary>
/// Starts work items at fixed intended times whether or not earlier ones have finished (an open model), and
/// hands each item its intended timestamp so latency can be measured from it.
/// </summary>
public static class OpenModelDispatcher
{
    /// <param name="count">Number of items to start.</param>
    /// <param name="offsetOf">Intended start of item i, relative to <paramref name="startTimestamp"/>.</param>
    /// <param name="launch">Starts item i at its intended timestamp; returns null when no work is left.</param>
    /// <returns>The number of items started.</returns>
    public static async Task<int> RunAsync(
        int count,
        Func<int, TimeSpan> offsetOf,
        long startTimestamp,
        Func<int, long, Task?> launch,
        Func<bool> shouldStop,
        CancellationToken cancellationToken)
    {
        var running = new List<Task>(Math.Min(count, 1 << 20));
        var started = 0;
        for (var i = 0; i < count && !cancellationToken.IsCancellationRequested && !shouldStop(); i++)
        {
            var intended = startTimestamp + (long)(offsetOf(i).TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), intended);

            // Task.Delay resolves to about a millisecond, so items due sooner start in the same batch.
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                try
                {
                    await Task.Delay(wait, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            var task = launch(i, intended);
            if (task is null)
            {
                break;
            }

            running.Add(task);
            started++;
        }

        await Task.WhenAll(running);
        return started;
    }
}
