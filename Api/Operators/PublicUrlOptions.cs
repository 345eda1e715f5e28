namespace Voting.Api.Operators;

/// <summary>The address delegates reach the voting page at (<c>Voting:PublicBaseUrl</c>).</summary>
public sealed class PublicUrlOptions
{
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>
    /// Builds the voting link printed as a QR code. The token travels in the fragment, which
    /// browsers never send to servers or put in a Referer header.
    /// </summary>
    public string VotingUrl(string token) => $"{PublicBaseUrl.TrimEnd('/')}/vote/#token={token}";
}
