using System.Text;
using Voting.Api.Problems;
using Voting.Grains.Interfaces;
using Voting.Grains.Interfaces.Ballots;

namespace Voting.Api.Delegates;

/// <summary>
/// The delegate import file: UTF-8 CSV (RFC 4180 quoting) with the header
/// <c>delegateId,displayName,organisation</c>. A file with any invalid row is rejected whole.
/// </summary>
public static class DelegateCsv
{
    public const int MaxRows = 100_000;
    public const int MaxNameLength = 200;
    private const int MaxListedErrors = 200;
    private static readonly string[] Header = ["delegateId", "displayName", "organisation"];

    public static (IReadOnlyList<DelegateRegistration> Delegates, IReadOnlyList<FieldError> Errors) Parse(byte[] bytes)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return ([], [new FieldError("body", "is not valid UTF-8")]);
        }

        var errors = new List<FieldError>();
        var records = CsvReader.Read(text.TrimStart('\uFEFF'), errors);
        if (errors.Count > 0)
        {
            return ([], errors);
        }

        if (records.Count == 0 || !records[0].Fields.Select(f => f.Trim()).SequenceEqual(Header, StringComparer.OrdinalIgnoreCase))
        {
            return ([], [new FieldError("header", $"the first line must be '{string.Join(',', Header)}'", 1)]);
        }

        var rows = records.Skip(1).Where(r => !(r.Fields.Count == 1 && r.Fields[0].Length == 0)).ToList();
        if (rows.Count > MaxRows)
        {
            return ([], [new FieldError("body", $"has {rows.Count} rows; at most {MaxRows} are allowed")]);
        }

        var delegates = new List<DelegateRegistration>(rows.Count);
        var firstLineById = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var registration = ParseRow(row, firstLineById, errors);
            if (registration is not null)
            {
                delegates.Add(registration);
            }
        }

        return errors.Count > 0 ? ([], errors.Take(MaxListedErrors).ToList()) : (delegates, []);
    }

    private static DelegateRegistration? ParseRow(CsvRecord row, Dictionary<string, int> firstLineById,
        List<FieldError> errors)
    {
        if (row.Fields.Count is < 2 or > 3)
        {
            errors.Add(new("row", $"has {row.Fields.Count} fields; expected 2 or 3", row.Line));
            return null;
        }

        var id = row.Fields[0].Trim();
        var name = row.Fields[1].Trim();
        var organisation = row.Fields.Count == 3 ? row.Fields[2].Trim() : "";
        var valid = true;
        if (id.Length == 0)
        {
            errors.Add(new("delegateId", "is missing", row.Line));
            valid = false;
        }
        else if (!Identifiers.IsValid(id))
        {
            errors.Add(new("delegateId", $"'{Shorten(id)}' must be 1 to {Identifiers.MaxLength} characters from [A-Za-z0-9._-]", row.Line));
            valid = false;
        }
        else if (!firstLineById.TryAdd(id, row.Line))
        {
            errors.Add(new("delegateId", $"'{id}' already appears on line {firstLineById[id]}", row.Line));
            valid = false;
        }

        if (name.Length == 0 || name.Length > MaxNameLength)
        {
            errors.Add(new("displayName", $"must be 1 to {MaxNameLength} characters", row.Line));
            valid = false;
        }

        if (organisation.Length > MaxNameLength)
        {
            errors.Add(new("organisation", $"is longer than {MaxNameLength} characters", row.Line));
            valid = false;
        }

        return valid ? new DelegateRegistration(id, name, organisation.Length == 0 ? null : organisation) : null;
    }

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "…";

    /// <summary>Writes the import result: <c>delegateId,token,votingUrl</c>.</summary>
    public static string WriteCredentials(IEnumerable<(string DelegateId, string Token, string VotingUrl)> rows)
    {
        var output = new StringBuilder("delegateId,token,votingUrl\n");
        foreach (var (delegateId, token, votingUrl) in rows)
        {
            // Ids, JWTs and our URLs contain no comma, quote or line break, so no field needs quoting.
            output.Append(delegateId).Append(',').Append(token).Append(',').Append(votingUrl).Append('\n');
        }

        return output.ToString();
    }
}
