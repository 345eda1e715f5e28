using System.Text;
using Voting.LoadTests.Cli;
using Voting.LoadTests.Http;
using Voting.LoadTests.Voting;

namespace Voting.LoadTests.Tests;

public sealed class ParsingTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://127.1.2.3:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://10.0.0.1:5080", false)]
    [InlineData("http://192.168.1.10", false)]
    [InlineData("http://example.org", false)]
    [InlineData("http://[::ffff:10.0.0.1]", false)]
    public void LoopbackGuard_AcceptsOnlyLoopback(string url, bool loopback)
    {
        Assert.Equal(loopback, LoopbackGuard.IsLoopback(new Uri(url)));
    }

    [Fact]
    public void LoopbackGuard_RejectsRemoteUnlessAllowed()
    {
        var remote = new Uri("http://10.0.0.1:5080");

        Assert.Throws<ArgumentException>(() => LoopbackGuard.EnsureAllowed(remote, allowRemote: false));
        LoopbackGuard.EnsureAllowed(remote, allowRemote: true);
    }

    [Theory]
    [InlineData("1s", 1000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5s", 1500)]
    [InlineData("2m", 120_000)]
    [InlineData("00:00:03", 3000)]
    public void Duration_ParsesUnits(string text, double milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(milliseconds, duration.TotalMilliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("3q")]
    [InlineData("-1s")]
    public void Duration_RejectsInvalid(string text)
    {
        Assert.False(DurationParser.TryParse(text, out _));
    }

    [Fact]
    public void CredentialsCsv_HandlesQuotedFields()
    {
        var csv = "delegateId,token,votingUrl\nd1,t1,\"http://x/?a=1,b=2\"\n\"d,2\",t2,u\n";

        var credentials = CsvFields.ReadCredentials(new StringReader(csv), "test");

        Assert.Equal([new DelegateCredential("d1", "t1"), new DelegateCredential("d,2", "t2")], credentials);
    }

    [Fact]
    public void CredentialsCsv_RejectsMissingTokenColumn()
    {
        Assert.Throws<InvalidDataException>(() => CsvFields.ReadCredentials(new StringReader("delegateId,url\n"), "test"));
    }

    [Theory]
    [InlineData("""{"receipt":"abc","status":"recorded"}""", "abc", "recorded", null)]
    [InlineData("""{"type":"https://voting.example/problems/already-voted","title":"x"}""", null, null, "already-voted")]
    [InlineData("""{"type":"urn:problem:category-not-open"}""", null, null, "category-not-open")]
    [InlineData("""{"nested":{"receipt":"no"},"status":"already-recorded"}""", null, "already-recorded", null)]
    [InlineData("not json", null, null, null)]
    [InlineData("{\"receipt\":\"abc\"", "abc", null, null)]
    public void VoteResponse_FieldsAreRead(string body, string? receipt, string? status, string? problemType)
    {
        var fields = VoteClient.ReadFields(Encoding.UTF8.GetBytes(body));

        Assert.Equal(receipt, fields.Receipt);
        Assert.Equal(status, fields.Status);
        Assert.Equal(problemType, fields.ProblemType);
    }
}
