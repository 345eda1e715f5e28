using Orleans.Runtime;

namespace Voting.Api.Voting;

/// <summary>
/// Classifies exceptions from grain calls that mean "not done, try again": nothing was acknowledged,
/// and a request carrying an idempotency key can be repeated safely.
/// </summary>
public static class TransientClusterFailure
{
    /// <summary>
    /// True for the failures Orleans 10 raises when a silo dies or a call outlives its response
    /// timeout: <see cref="SiloUnavailableException"/> and <see cref="OrleansMessageRejectionException"/>
    /// (a message rejected by a stopping or dead silo), <c>ConnectionFailedException</c> (no gateway
    /// connection), <see cref="GatewayTooBusyException"/> and the other <see cref="OrleansException"/>
    /// types, and <see cref="TimeoutException"/>. A database error inside a grain arrives as
    /// <c>StorageUnavailableException</c>, which is an <see cref="OrleansException"/> too.
    /// </summary>
    public static bool Matches(Exception exception) =>
        exception is OrleansException or TimeoutException;
}
