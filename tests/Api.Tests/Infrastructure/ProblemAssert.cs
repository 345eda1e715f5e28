using System.Net;
using System.Text.Json;

namespace Voting.Api.Tests.Infrastructure;

/// <summary>Checks RFC 9457 problem responses.</summary>
public static class ProblemAssert
{
    public const string MediaType = "application/problem+json";

    /// <summary>
    /// Asserts the status, the problem content type and the last segment of the problem type,
    /// and returns the parsed body.
    /// </summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status,
        string typeSuffix)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal(MediaType, response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(typeSuffix, LastSegment(body.GetProperty("type").GetString()));
        return body;
    }

    /// <summary>Asserts a 4xx problem response of any type, because bad input must never produce a 5xx.</summary>
    public static async Task<JsonElement> IsClientErrorAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500, $"Expected a 4xx, got {status}: {text}");
        Assert.Equal(MediaType, response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.False(string.IsNullOrEmpty(body.GetProperty("type").GetString()));
        return body;
    }

    /// <summary>Returns the paths listed in a problem's <c>errors</c> extension.</summary>
    public static IReadOnlyList<string> ErrorPaths(JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()!)];

    private static string? LastSegment(string? type) => type?.Split(':', '/').Last();
}
