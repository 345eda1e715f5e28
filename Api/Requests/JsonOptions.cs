using System.Text.Json;
using System.Text.Json.Serialization;

namespace Voting.Api.Requests;

/// <summary>JSON settings for request bodies: camelCase, and unknown or repeated fields are an error.</summary>
public static class StrictJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 16,

        // A repeated property is ambiguous, because readers disagree on whether the first or the last one wins.
        AllowDuplicateProperties = false,
    };
}
