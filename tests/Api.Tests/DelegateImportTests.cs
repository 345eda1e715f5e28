using System.Net;
using System.Text;
using System.Text.Json;
using Voting.Api.Tests.Infrastructure;

namespace Voting.Api.Tests;

public sealed class DelegateImportTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Header = "delegateId,displayName,organisation\n";

    [Fact]
    public async Task Import_Valid_ReturnsCredentialCsv()
    {
        var election = await NewElectionAsync();

        var response = await election.ImportCsvAsync(Header + "alice,Alice Martin,Tarn\nbob,Bob Durand,\n");
        var rows = election.ParseCredentials(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["alice", "bob"], rows.Select(r => r.DelegateId));
        Assert.All(rows, r => Assert.EndsWith("#token=" + r.Token, r.VotingUrl));
        Assert.Equal(2, await election.RegisteredDelegatesAsync());
    }

    [Fact]
    public async Task Import_QuotedFieldsBomCrlf_Accepted()
    {
        var election = await NewElectionAsync();
        var csv = "\uFEFFdelegateId,displayName,organisation\r\n" +
                  "q1,\"Dupont, Jean\",\"Conseil départemental, Tarn\"\r\n" +
                  "q2,\"Le \"\"Grand\"\" Martin\",\r\n";

        var response = await election.ImportCsvAsync(csv);
        var rows = election.ParseCredentials(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["q1", "q2"], rows.Select(r => r.DelegateId));
        Assert.Equal(2, await election.RegisteredDelegatesAsync());
    }

    public static TheoryData<string, string, int> InvalidFiles => new()
    {
        { "no-header", "alice,Alice,\n", 1 },
        { "wrong-header", "id,name,org\nalice,Alice,\n", 1 },
        { "missing-id", Header + "alice,Alice,\n,Nobody,\n", 3 },
        { "long-id", Header + $"{new string('a', 65)},Long,\n", 2 },
        { "space-in-id", Header + "ok,Ok,\nal ice,Alice,\n", 3 },
        { "accent-in-id", Header + "élodie,Élodie,\n", 2 },
        { "slash-in-id", Header + "a/b,Slash,\n", 2 },
        { "missing-name", Header + "alice,,\n", 2 },
        { "too-many-fields", Header + "alice,Alice,Org,extra\n", 2 },
        { "unclosed-quote", Header + "alice,\"Alice,\n", 2 },
    };

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public async Task Import_InvalidRow_Returns400(string name, string csv, int line)
    {
        var election = await NewElectionAsync();
        await election.ImportAsync("already-there");

        var response = await election.ImportCsvAsync(csv);
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation-failed");

        Assert.Contains(line, Lines(problem));
        Assert.True(1 == await election.RegisteredDelegatesAsync(), name);
    }

    [Fact]
    public async Task Import_DuplicateId_ListsBothLines()
    {
        var election = await NewElectionAsync();

        var response = await election.ImportCsvAsync(Header + "alice,Alice,\nbob,Bob,\nalice,Alice again,\n");
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        var error = problem.GetProperty("errors").EnumerateArray().Single();

        Assert.Equal(4, error.GetProperty("line").GetInt32());
        Assert.Contains("line 2", error.GetProperty("message").GetString());
        Assert.Equal(0, await election.RegisteredDelegatesAsync());
    }

    [Fact]
    public async Task Import_ValidRowsWithOneBad_RegistersNone()
    {
        var election = await NewElectionAsync();
        var csv = new StringBuilder(Header);
        for (var i = 0; i < 50; i++)
        {
            csv.Append($"row-{i},Delegate {i},\n");
        }

        csv.Append("bad id,Bad,\n");

        var response = await election.ImportCsvAsync(csv.ToString());
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation-failed");

        Assert.Equal([52], Lines(problem));
        Assert.Equal(0, await election.RegisteredDelegatesAsync());
    }

    [Fact]
    public async Task Import_Over100000Rows_Returns400()
    {
        var election = await NewElectionAsync();
        var csv = new StringBuilder(Header, 1_500_000);
        for (var i = 0; i <= 100_000; i++)
        {
            csv.Append('r').Append(i).Append(",N\n");
        }

        var response = await election.ImportCsvAsync(csv.ToString());
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation-failed");

        Assert.Contains("100000", problem.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal(0, await election.RegisteredDelegatesAsync());
    }

    [Fact]
    public async Task Import_Over16MiB_Returns413()
    {
        var election = await NewElectionAsync();
        var body = new byte[16 * 1024 * 1024 + 1];
        Array.Fill(body, (byte)'a');

        var response = await election.ImportCsvAsync(body);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body-too-large");
        Assert.Equal(0, await election.RegisteredDelegatesAsync());
    }

    [Fact]
    public async Task Import_InvalidUtf8_Returns400()
    {
        var election = await NewElectionAsync();
        byte[] csv = [.. Encoding.UTF8.GetBytes(Header + "alice,"), 0xC3, 0x28, (byte)'\n'];

        var response = await election.ImportCsvAsync(csv);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal(0, await election.RegisteredDelegatesAsync());
    }

    [Fact]
    public async Task Import_WrongContentType_Returns415()
    {
        var election = await NewElectionAsync();

        var response = await election.Operator.PostRawAsync($"{election.Path}/delegates", Header + "alice,Alice,\n",
            "application/json");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        Assert.Equal(0, await election.RegisteredDelegatesAsync());
    }

    [Fact]
    public async Task Import_UnknownElection_Returns404()
    {
        var election = await NewElectionAsync();

        var response = await election.Operator.PostRawAsync($"/api/elections/{TestElection.NewId()}/delegates",
            Header + "alice,Alice,\n", "text/csv");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "election-not-found");
    }

    [Fact]
    public async Task Import_007And7_AreDifferentDelegates()
    {
        var election = await NewElectionAsync();
        var tokens = await election.ImportAsync("007", "7");
        await election.PhaseAsync("open", "cat-a");

        var first = await election.VoteAsync(tokens["007"], "cat-a", "fin-a1");
        var second = await election.VoteAsync(tokens["7"], "cat-a", "fin-a2");
        var audit = await election.AuditOfAsync("cat-a");

        Assert.Equal(2, await election.RegisteredDelegatesAsync());
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(2, audit.GetProperty("ledgerBallots").GetInt64());
        Assert.Equal(2, await election.TurnoutBallotsAsync("cat-a"));
    }

    [Fact]
    public async Task Import_CaseDiffers_AreDifferentDelegates()
    {
        var election = await NewElectionAsync();

        var tokens = await election.ImportAsync("Alice", "alice");

        Assert.Equal(2, tokens.Count);
        Assert.Equal(2, await election.RegisteredDelegatesAsync());
    }

    [Fact]
    public async Task Import_Again_KeepsTokensValid()
    {
        var election = await NewElectionAsync();
        var first = await election.ImportAsync("keep-1", "keep-2");

        var second = await election.ImportAsync("keep-1", "keep-2", "keep-3");
        await election.PhaseAsync("open", "cat-a");
        var vote = await election.VoteAsync(first["keep-1"], "cat-a", "fin-a1");

        Assert.Equal(3, second.Count);
        Assert.Equal(3, await election.RegisteredDelegatesAsync());
        Assert.Equal(HttpStatusCode.Created, vote.StatusCode);
    }

    [Fact]
    public async Task Reissue_RevokesOldToken()
    {
        var election = await NewElectionAsync();
        var old = (await election.ImportAsync("lost-badge"))["lost-badge"];
        await election.PhaseAsync("open", "cat-a");

        var reissue = await election.Operator.PostAsync($"{election.Path}/delegates/lost-badge/credential", null);
        var fresh = (await TestElection.ReadJsonAsync(reissue)).GetProperty("token").GetString()!;
        Fixture.RememberToken(fresh);
        var rejected = await election.VoteAsync(old, "cat-a", "fin-a1");
        var accepted = await election.VoteAsync(fresh, "cat-a", "fin-a1");

        Assert.Equal(HttpStatusCode.OK, reissue.StatusCode);
        await ProblemAssert.IsProblemAsync(rejected, HttpStatusCode.Unauthorized, "invalid-credential");
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(1, await election.RegisteredDelegatesAsync());
    }

    [Fact]
    public async Task Import_AfterReissue_KeepsNewToken()
    {
        var election = await NewElectionAsync();
        await election.ImportAsync("re-import");
        var reissue = await election.Operator.PostAsync($"{election.Path}/delegates/re-import/credential", null);
        var fresh = (await TestElection.ReadJsonAsync(reissue)).GetProperty("token").GetString()!;
        Fixture.RememberToken(fresh);

        await election.ImportAsync("re-import");
        await election.PhaseAsync("open", "cat-a");
        var vote = await election.VoteAsync(fresh, "cat-a", "fin-a2");

        Assert.Equal(HttpStatusCode.Created, vote.StatusCode);
    }

    private static List<int> Lines(JsonElement problem) =>
    [
        .. problem.GetProperty("errors").EnumerateArray()
            .Where(e => e.TryGetProperty("line", out var line) && line.ValueKind == JsonValueKind.Number)
            .Select(e => e.GetProperty("line").GetInt32()),
    ];
}
