using Microsoft.AspNetCore.Http;
using Orleans.Runtime;
using Voting.Grains.Ledger;

namespace Voting.Silo.Hosting;

/// <summary>Readiness of a silo: it is an active cluster member and its ballot ledger accepts writes.</summary>
internal static class SiloReadiness
{
    private static readonly TimeSpan LedgerTimeout = TimeSpan.FromSeconds(3);

    public static async Task<IResult> CheckAsync(ISiloStatusOracle membership, IBallotLedgerStore store,
        CancellationToken cancellationToken)
    {
        var status = membership.CurrentStatus;
        if (status != SiloStatus.Active)
        {
            return NotReady($"The silo is {status}, not Active.");
        }

        if (store is ILedgerProbe probe)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(LedgerTimeout);
            try
            {
                var problem = await probe.CheckWritableAsync(timeout.Token);
                if (problem is not null)
                {
                    return NotReady($"The ledger is not writable: {problem}");
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return NotReady($"The ledger did not answer within {LedgerTimeout.TotalSeconds:0} s.");
            }
        }

        return TypedResults.Ok(new { status = "ready", silo = status.ToString(), ledger = "writable" });
    }

    private static IResult NotReady(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, type: "urn:voting:problem:unavailable",
            title: "Not ready.", detail: detail);
}
