using Microsoft.Extensions.Configuration;

namespace Voting.Silo.Hosting;

/// <summary>Where grain state, membership and the ballot ledger live (<c>Voting:Storage</c>).</summary>
public enum StorageKind
{
    /// <summary>Everything in this process's memory: nothing survives a restart.</summary>
    Memory,

    /// <summary>PostgreSQL through <c>ConnectionStrings:Voting</c>.</summary>
    Postgres,
}

public static class StorageSelection
{
    public static StorageKind Read(IConfiguration configuration)
    {
        var value = configuration["Voting:Storage"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return StorageKind.Memory;
        }

        return Enum.TryParse<StorageKind>(value, ignoreCase: true, out var kind)
            ? kind
            : throw new InvalidOperationException(
                $"Voting:Storage is '{value}'; expected 'Memory' or 'Postgres'.");
    }
}
