using System.Net;
using System.Net.Http.Headers;
using Voting.Api.Tests.Infrastructure;

namespace Voting.Api.Tests;

public sealed class VoteCredentialTests(ApiFixture fixture) : ApiTest(fixture)
{
    public static TheoryData<string?> MalformedAuthorization => new()
    {
        null,
        "Bearer",
        "Basic dXNlcjpwYXNz",
        "Bearer not-a-jwt",
        "Bearer a.b.c",
    };

    [Theory]
    [MemberData(nameof(MalformedAuthorization))]
    public async Task Vote_MissingOrMalformedCredential_Returns401(string? authorization)
    {
        var (election, _) = await OpenElectionWithDelegateAsync();
        var client = Fixture.CreateClient();
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await election.VoteAsync(client, "cat-a", "fin-a1", "key-1");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "invalid-credential");
        Assert.Equal(0, await election.TurnoutBallotsAsync("cat-a"));
    }

    [Fact]
    public async Task Vote_ExpiredCredential_Returns401()
    {
        var (election, token) = await OpenElectionWithDelegateAsync();
        var expired = TestTokens.Expired(token, Fixture.Factory.SigningKey);

        var response = await election.VoteAsync(expired, "cat-a", "fin-a1");
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "invalid-credential");

        Assert.Contains("expired", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await election.TurnoutBallotsAsync("cat-a"));
    }

    [Fact]
    public async Task Vote_WrongSignature_Returns401()
    {
        var (election, token) = await OpenElectionWithDelegateAsync();

        var response = await election.VoteAsync(TestTokens.WithWrongKey(token), "cat-a", "fin-a1");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "invalid-credential");
        Assert.Equal(0, await election.TurnoutBallotsAsync("cat-a"));
    }

    [Fact]
    public async Task Vote_TamperedPayload_Returns401()
    {
        var (election, token) = await OpenElectionWithDelegateAsync();
        var parts = token.Split('.');
        var otherDelegate = TestTokens.WithClaim(token, Fixture.Factory.SigningKey, "sub", "someone-else").Split('.');

        var response = await election.VoteAsync($"{parts[0]}.{otherDelegate[1]}.{parts[2]}", "cat-a", "fin-a1");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "invalid-credential");
    }

    [Fact]
    public async Task Vote_OtherElectionCredential_Returns401()
    {
        var (election, _) = await OpenElectionWithDelegateAsync();
        var other = await NewElectionAsync();
        var otherToken = await other.ImportOneAsync();

        var response = await election.VoteAsync(otherToken, "cat-a", "fin-a1");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "invalid-credential");
        Assert.Equal(0, await election.TurnoutBallotsAsync("cat-a"));
    }

    [Fact]
    public async Task Vote_UnregisteredDelegate_Returns401()
    {
        var (election, token) = await OpenElectionWithDelegateAsync();
        var stranger = TestTokens.WithClaim(token, Fixture.Factory.SigningKey, "sub", "never-imported");

        var response = await election.VoteAsync(stranger, "cat-a", "fin-a1");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "invalid-credential");
    }

    [Fact]
    public async Task Vote_RevokedCredential_Returns401()
    {
        var (election, token) = await OpenElectionWithDelegateAsync();
        var delegateId = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).Subject;
        var reissue = await election.Operator.PostAsync($"{election.Path}/delegates/{delegateId}/credential", null);
        var newToken = (await TestElection.ReadJsonAsync(reissue)).GetProperty("token").GetString()!;
        Fixture.RememberToken(newToken);

        var old = await election.VoteAsync(token, "cat-a", "fin-a1");
        var current = await election.VoteAsync(newToken, "cat-a", "fin-a1");

        Assert.Equal(HttpStatusCode.OK, reissue.StatusCode);
        await ProblemAssert.IsProblemAsync(old, HttpStatusCode.Unauthorized, "invalid-credential");
        Assert.Equal(HttpStatusCode.Created, current.StatusCode);
        Assert.Equal(1, await election.TurnoutBallotsAsync("cat-a"));
    }

    [Fact]
    public async Task Me_RevokedCredential_Returns401()
    {
        var (election, token) = await OpenElectionWithDelegateAsync();
        var delegateId = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).Subject;
        await election.Operator.PostAsync($"{election.Path}/delegates/{delegateId}/credential", null);

        var response = await election.Delegate(token).GetAsync($"{election.Path}/me");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "invalid-credential");
    }

    [Fact]
    public async Task Reissue_UnknownDelegate_Returns404()
    {
        var election = await NewElectionAsync();

        var response = await election.Operator.PostAsync($"{election.Path}/delegates/nobody/credential", null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "delegate-not-found");
    }

    [Fact]
    public async Task Vote_OperatorCredential_Returns401()
    {
        var (election, _) = await OpenElectionWithDelegateAsync();

        var response = await election.VoteAsync(election.Operator, "cat-a", "fin-a1", "key-1");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "invalid-credential");
        Assert.Equal(0, await election.TurnoutBallotsAsync("cat-a"));
    }

    [Fact]
    public async Task Me_OperatorCredential_Returns401()
    {
        var (election, _) = await OpenElectionWithDelegateAsync();

        var response = await election.Operator.GetAsync($"{election.Path}/me");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "invalid-credential");
    }

    public static TheoryData<string, string> OperatorEndpoints => new()
    {
        { "POST", "/open" },
        { "POST", "/categories/cat-a/close" },
        { "POST", "/publish" },
        { "POST", "/delegates/x/credential" },
        { "GET", "/audit" },
    };

    [Theory]
    [MemberData(nameof(OperatorEndpoints))]
    public async Task OperatorEndpoint_DelegateCredential_Returns403(string method, string path)
    {
        var (election, token) = await OpenElectionWithDelegateAsync();
        var before = (await election.TurnoutAsync()).GetRawText();

        var response = await election.Delegate(token).SendAsync(new HttpRequestMessage(new HttpMethod(method),
            election.Path + path));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(before, (await election.TurnoutAsync()).GetRawText());
    }

    [Theory]
    [MemberData(nameof(OperatorEndpoints))]
    public async Task OperatorEndpoint_NoCredential_Returns401(string method, string path)
    {
        var (election, _) = await OpenElectionWithDelegateAsync();

        var response = await election.Anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method),
            election.Path + path));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "invalid-credential");
    }

    [Fact]
    public async Task BallotPut_DelegateCredential_Returns403()
    {
        var (election, token) = await OpenElectionWithDelegateAsync();

        var response = await election.Delegate(token).PutAsJsonStringAsync(election.Path,
            TestBallots.Create(election.Id));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Import_DelegateCredential_Returns403()
    {
        var (election, token) = await OpenElectionWithDelegateAsync();
        var content = new StringContent("delegateId,displayName,organisation\nintruder,X,\n");
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");

        var response = await election.Delegate(token).PostAsync($"{election.Path}/delegates", content);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(1, await election.RegisteredDelegatesAsync());
    }

    private async Task<(TestElection Election, string Token)> OpenElectionWithDelegateAsync()
    {
        var election = await NewElectionAsync();
        var token = await election.ImportOneAsync();
        await election.PhaseAsync("open");
        return (election, token);
    }
}
