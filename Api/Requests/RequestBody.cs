using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Voting.Api.Problems;

namespace Voting.Api.Requests;

/// <summary>
/// Reads request bodies with a size cap and a content-type check, so that every malformed,
/// oversized or mistyped body gets a precise 4xx instead of reaching a handler.
/// </summary>
public static class RequestBody
{
    public const int MaxJsonBytes = 64 * 1024;
    public const int MaxCsvBytes = 16 * 1024 * 1024;

    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadJsonAsync<T>(HttpRequest request,
        JsonSerializerOptions options) where T : class
    {
        if (!HasMediaType(request, "application/json"))
        {
            return (null, UnsupportedMediaType(request, "application/json"));
        }

        var (bytes, tooLarge) = await ReadBytesAsync(request, MaxJsonBytes);
        if (tooLarge is not null)
        {
            return (null, tooLarge);
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(bytes, options);
            return value is null
                ? (null, InvalidJson("The body is JSON null; an object is required.", "$"))
                : (value, null);
        }
        catch (JsonException exception)
        {
            return (null, InvalidJson(DescribeJsonError(exception), exception.Path ?? "$"));
        }
    }

    public static async Task<(byte[]? Bytes, ProblemHttpResult? Problem)> ReadCsvAsync(HttpRequest request)
    {
        if (!HasMediaType(request, "text/csv"))
        {
            return (null, UnsupportedMediaType(request, "text/csv"));
        }

        var (bytes, tooLarge) = await ReadBytesAsync(request, MaxCsvBytes);
        return tooLarge is null ? (bytes, null) : (null, tooLarge);
    }

    private static bool HasMediaType(HttpRequest request, string mediaType) =>
        request.ContentType is { } contentType
        && contentType.Split(';')[0].Trim().Equals(mediaType, StringComparison.OrdinalIgnoreCase);

    private static async Task<(byte[] Bytes, ProblemHttpResult? Problem)> ReadBytesAsync(HttpRequest request,
        int maxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            return ([], TooLarge(maxBytes));
        }

        var buffer = new ArrayBufferWriter<byte>(Math.Min(maxBytes, (int)(request.ContentLength ?? 4096)) + 1);
        while (true)
        {
            var memory = buffer.GetMemory(8192);
            var read = await request.Body.ReadAsync(memory, request.HttpContext.RequestAborted);
            if (read == 0)
            {
                return (buffer.WrittenSpan.ToArray(), null);
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
            {
                return ([], TooLarge(maxBytes));
            }
        }
    }

    private static string DescribeJsonError(JsonException exception)
    {
        // System.Text.Json puts the path and position in its message; keep only the first sentence.
        var message = exception.Message;
        var cut = message.IndexOf(". Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..(cut + 1)] : message;
    }

    private static ProblemHttpResult InvalidJson(string detail, string path) =>
        Problem.Of(StatusCodes.Status400BadRequest, ProblemTypes.InvalidJson, "The body is not valid JSON for this request.",
            $"{detail} (at {path})", new Dictionary<string, object?> { ["errors"] = new[] { new FieldError(path, detail) } });

    private static ProblemHttpResult TooLarge(int maxBytes) =>
        Problem.Of(StatusCodes.Status413PayloadTooLarge, ProblemTypes.BodyTooLarge, "The body is too large.",
            $"The body is larger than {maxBytes} bytes.");

    private static ProblemHttpResult UnsupportedMediaType(HttpRequest request, string expected) =>
        Problem.Of(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType,
            "Unsupported content type.",
            $"Content-Type is '{request.ContentType ?? "(none)"}'; send '{expected}'.");
}
