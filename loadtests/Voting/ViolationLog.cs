using System.Collections.Concurrent;

namespace Voting.LoadTests.Voting;

/// <summary>Contract violations seen on the wire, such as a second vote acknowledged. Keeps the first 100 messages.</summary>
public sealed class ViolationLog
{
    private const int MaxMessages = 100;
    private readonly ConcurrentQueue<string> _messages = new();
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public IReadOnlyList<string> Messages => _messages.ToArray();

    public void Add(string message)
    {
        if (Interlocked.Increment(ref _count) <= MaxMessages)
        {
            _messages.Enqueue(message);
        }
    }
}
