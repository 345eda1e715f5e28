using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Voting.Api.Voting;
using Voting.Grains.Interfaces.Voting;

namespace Voting.Api.Tests;

public sealed class VoteRetryPolicyTests
{
    private static readonly VoteCommand Command = new(1, "numerique", "gironde", "key-1");

    public static TheoryData<Exception> TransientFailures => new()
    {
        new SiloUnavailableException("silo gone"),
        new ConnectionFailedException("connection to the gateway lost"),
        new OrleansException("no gateway"),
        new TimeoutException("response timed out"),
    };

    [Theory]
    [MemberData(nameof(TransientFailures))]
    public async Task TransientFailure_IsRetriedOnce(Exception failure)
    {
        var grain = new ScriptedDelegateGrain(failure, null);

        var outcome = await VoteRetryPolicy.CastAsync(grain, Command, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(VoteStatus.Accepted, outcome.Status);
        Assert.Equal(2, grain.Calls);
        Assert.All(grain.Commands, command => Assert.Same(Command, command));
    }

    [Fact]
    public async Task SecondTransientFailure_Propagates()
    {
        var grain = new ScriptedDelegateGrain(new SiloUnavailableException("first"), new TimeoutException("second"));

        await Assert.ThrowsAsync<TimeoutException>(() =>
            VoteRetryPolicy.CastAsync(grain, Command, NullLogger.Instance, CancellationToken.None));
        Assert.Equal(2, grain.Calls);
    }

    [Fact]
    public async Task OtherFailure_IsNotRetried()
    {
        var grain = new ScriptedDelegateGrain(new InvalidOperationException("bug"), null);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            VoteRetryPolicy.CastAsync(grain, Command, NullLogger.Instance, CancellationToken.None));
        Assert.Equal(1, grain.Calls);
    }

    /// <summary>Fails the first call (and the second when given), then accepts the vote.</summary>
    private sealed class ScriptedDelegateGrain(Exception first, Exception? second) : IDelegateGrain
    {
        public int Calls => Commands.Count;

        public List<VoteCommand> Commands { get; } = [];

        public Task<VoteOutcome> CastAsync(VoteCommand command)
        {
            Commands.Add(command);
            var failure = Commands.Count switch { 1 => first, 2 => second, _ => null };
            return failure is null
                ? Task.FromResult(new VoteOutcome(VoteStatus.Accepted, "receipt"))
                : Task.FromException<VoteOutcome>(failure);
        }

        public Task<RegisteredDelegateState> RegisterAsync(string displayName, string? organisation) =>
            throw new NotSupportedException();

        public Task<int?> ReissueCredentialAsync() => throw new NotSupportedException();

        public Task<DelegateStatus> GetStatusAsync(int credentialVersion) => throw new NotSupportedException();
    }
}
