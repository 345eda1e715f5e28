using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Voting.Silo.Migrations;

/// <summary>One versioned SQL script from db/, embedded in the Silo assembly.</summary>
public sealed partial record Migration(int Version, string Name, string Sql)
{
    private const string ResourcePrefix = "db/";

    /// <summary>Hex SHA-256 of the script, recorded when it is applied, to detect later edits.</summary>
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));

    /// <summary>Loads the embedded db/NNN_name.sql scripts, ordered by version.</summary>
    public static IReadOnlyList<Migration> LoadEmbedded()
    {
        var assembly = typeof(Migration).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(name => Load(assembly, name))
            .OrderBy(m => m.Version)
            .ToList();

        var repeated = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new InvalidOperationException(
                $"Migrations {string.Join(" and ", repeated.Select(m => m.Name))} share version {repeated.Key}.");
        }

        return migrations;
    }

    private static Migration Load(Assembly assembly, string resourceName)
    {
        var fileName = resourceName[ResourcePrefix.Length..];
        var match = FileNamePattern().Match(fileName);
        if (!match.Success)
        {
            throw new InvalidOperationException(
                $"Migration file '{fileName}' is not named NNN_description.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded migration '{resourceName}' was not found.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return new Migration(int.Parse(match.Groups[1].Value), Path.GetFileNameWithoutExtension(fileName),
            reader.ReadToEnd());
    }

    [GeneratedRegex(@"^(\d{3,})_[A-Za-z0-9_]+\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex FileNamePattern();
}
