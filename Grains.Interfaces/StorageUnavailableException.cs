using Orleans.Runtime;

namespace Voting.Grains.Interfaces;

/// <summary>
/// A grain call failed because the database was unreachable or failed. Nothing was changed by the call, and
/// the caller may retry it later. It derives from <see cref="OrleansException"/> so callers treat
/// it like the other transient cluster failures.
/// </summary>
[GenerateSerializer, Alias("voting.StorageUnavailableException")]
public sealed class StorageUnavailableException : OrleansException
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message) : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
