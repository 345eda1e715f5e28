namespace Voting.Api.Tests.Infrastructure;

/// <summary>
/// Base of every test class: shares the hosted Api and, after each test, fails the test if any
/// of the clients received a 5xx while it ran. Tests of the collection run one at a time, so
/// the errors recorded since the test started are its own.
/// </summary>
[Collection(ApiCollection.Name)]
public abstract class ApiTest(ApiFixture fixture) : IDisposable
{
    private readonly int _serverErrorsAtStart = fixture.ServerErrors.Count;

    protected ApiFixture Fixture { get; } = fixture;

    protected Task<TestElection> NewElectionAsync() => TestElection.CreateAsync(Fixture);

    public void Dispose()
    {
        Assert.Empty(Fixture.ServerErrors.Since(_serverErrorsAtStart));
        GC.SuppressFinalize(this);
    }
}
