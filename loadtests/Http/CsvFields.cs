using System.Text;

namespace Voting.LoadTests.Http;

/// <summary>Minimal RFC 4180 reading and writing for the delegate import and token files.</summary>
public static class CsvFields
{
    /// <summary>Splits one CSV line into fields, honouring double-quoted fields and doubled quotes.</summary>
    public static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }

    /// <summary>Quotes a field when it contains a comma, a quote or a line break.</summary>
    public static string Escape(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    /// <summary>Reads a token CSV with the header <c>delegateId,token,…</c> into credentials.</summary>
    public static List<DelegateCredential> ReadCredentials(TextReader reader, string sourceName)
    {
        var header = reader.ReadLine() ?? throw new InvalidDataException($"{sourceName} is empty; expected a header line.");
        var columns = Split(header.Trim());
        var idColumn = columns.IndexOf("delegateId");
        var tokenColumn = columns.IndexOf("token");
        if (idColumn < 0 || tokenColumn < 0)
        {
            throw new InvalidDataException(
                $"{sourceName} header '{header}' is invalid; expected columns delegateId and token.");
        }

        var credentials = new List<DelegateCredential>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = Split(line.TrimEnd('\r'));
            if (fields.Count <= Math.Max(idColumn, tokenColumn))
            {
                throw new InvalidDataException($"{sourceName} line {lineNumber} has {fields.Count} fields; expected {columns.Count}.");
            }

            credentials.Add(new DelegateCredential(fields[idColumn], fields[tokenColumn]));
        }

        return credentials;
    }
}
