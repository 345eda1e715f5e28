using System.Text;
using System.Text.Json.Nodes;

namespace Voting.Api.Tests.Infrastructure;

public static class HttpClientExtensions
{
    public static Task<HttpResponseMessage> PutAsJsonStringAsync(this HttpClient client, string path, JsonNode body) =>
        client.PutAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string body,
        string? contentType, IReadOnlyDictionary<string, string>? headers = null)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return client.SendAsync(request);
    }
}
