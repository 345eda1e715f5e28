using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Voting.Api.Credentials;
using Voting.Api.Tests.Infrastructure;

namespace Voting.Api.Tests.Observability;

public sealed class DashboardTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Theory]
    [InlineData("/dashboard/")]
    [InlineData("/dashboard/ClusterStats")]
    [InlineData("/dashboard/GrainTypes")]
    public async Task Dashboard_Anonymous_Returns401(string path)
    {
        var response = await Fixture.CreateClient().GetAsync(path);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "invalid-credential");
    }

    [Fact]
    public async Task Dashboard_AnonymousBrowser_RedirectsToSignIn()
    {
        using var client = CreateRawClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        request.Headers.Accept.ParseAdd("text/html");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard/session", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Dashboard_Delegate_Returns403()
    {
        var election = await NewElectionAsync();
        var client = election.Delegate(await election.ImportOneAsync());

        var response = await client.GetAsync("/dashboard/ClusterStats");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Dashboard_OperatorBearer_Serves()
    {
        var client = Fixture.CreateOperatorClient();

        var page = await client.GetAsync("/dashboard/");
        var stats = await client.GetAsync("/dashboard/ClusterStats");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        Assert.Equal("application/json", stats.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Session_Cookie_OpensDashboardOnly()
    {
        using var client = CreateRawClient();
        var start = new HttpRequestMessage(HttpMethod.Post, "/dashboard/session");
        start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Fixture.OperatorToken);

        var started = await client.SendAsync(start);
        var setCookie = Assert.Single(started.Headers.GetValues("Set-Cookie"));
        var cookie = setCookie.Split(';')[0];
        var session = cookie[(cookie.IndexOf('=') + 1)..];
        Fixture.RememberToken(session);
        var withCookie = new HttpRequestMessage(HttpMethod.Get, "/dashboard/ClusterStats");
        withCookie.Headers.Add("Cookie", cookie);
        var dashboard = await client.SendAsync(withCookie);
        var asBearer = new HttpRequestMessage(HttpMethod.Get, "/api/cluster/silos");
        asBearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session);
        var api = await client.SendAsync(asBearer);

        Assert.Equal(HttpStatusCode.NoContent, started.StatusCode);
        Assert.StartsWith("voting-dashboard=", cookie);
        Assert.Contains("path=/dashboard", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        await ProblemAssert.IsProblemAsync(api, HttpStatusCode.Unauthorized, "invalid-credential");
    }

    [Fact]
    public async Task Session_ForgedCookie_Returns401()
    {
        var key = Fixture.Factory.Services.GetRequiredService<CredentialService>();
        var forged = TestTokens.WithWrongKey(key.IssueDashboardSessionToken("intruder"));
        using var client = CreateRawClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/ClusterStats");
        request.Headers.Add("Cookie", $"voting-dashboard={forged}");

        var response = await client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "invalid-credential");
    }

    [Fact]
    public async Task Session_FormWithOperatorToken_Redirects()
    {
        using var client = CreateRawClient();
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = Fixture.OperatorToken });

        var response = await client.PostAsync("/dashboard/session", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard/", response.Headers.Location?.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("voting-dashboard="));
    }

    [Fact]
    public async Task Session_DelegateToken_Returns403()
    {
        var election = await NewElectionAsync();
        var client = election.Delegate(await election.ImportOneAsync());

        var response = await client.PostAsync("/dashboard/session", null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    public static TheoryData<string, string, string> MalformedForms => new()
    {
        { "no-boundary", "multipart/form-data", "token=x" },
        { "bad-multipart", "multipart/form-data; boundary=b", "garbage" },
        { "too-many-fields", "application/x-www-form-urlencoded", string.Join('&', Enumerable.Range(0, 1100).Select(i => $"f{i}=1")) },
    };

    [Theory]
    [MemberData(nameof(MalformedForms))]
    public async Task Session_MalformedForm_Returns400(string name, string contentType, string body)
    {
        var response = await Fixture.CreateClient().PostRawAsync("/dashboard/session", body, contentType);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid-form");
        Assert.False(response.Headers.Contains("Set-Cookie"), name);
        Assert.Contains("form", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignInPage_IsHtmlForm()
    {
        var response = await Fixture.CreateClient().GetAsync("/dashboard/session");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<form method=\"post\" action=\"/dashboard/session\">", html);
    }

    // No redirects followed and no cookie jar, so the tests see each response and send cookies by hand.
    private HttpClient CreateRawClient()
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        return new HttpClient(handler) { BaseAddress = Fixture.CreateClient().BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }
}
