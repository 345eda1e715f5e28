using System.Security.Cryptography;

namespace Voting.Api.Credentials;

/// <summary>
/// Finds the key that signs credentials: <c>Voting:Auth:SigningKey</c> when set; otherwise, in
/// Development only, a key generated once and kept in the data directory. Anywhere else a
/// missing key stops start-up.
/// </summary>
public static class SigningKeyProvider
{
    public const int MinimumKeyBytes = 32;
    private const string KeyFileName = "signing-key";

    public static byte[] Resolve(IConfiguration configuration, IHostEnvironment environment, ILogger logger)
    {
        var configured = configuration["Voting:Auth:SigningKey"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Decode(configured, "Voting:Auth:SigningKey");
        }

        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                "Voting:Auth:SigningKey is not set. Outside Development the API needs a base64 key of at least " +
                $"{MinimumKeyBytes} bytes, for example from `openssl rand -base64 48`, in that setting or in " +
                "the environment variable Voting__Auth__SigningKey.");
        }

        var path = Path.Combine(DataDirectory.Resolve(configuration), KeyFileName);
        if (File.Exists(path))
        {
            return Decode(File.ReadAllText(path).Trim(), path);
        }

        var key = RandomNumberGenerator.GetBytes(48);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        logger.LogWarning("Development signing key generated and stored in {Path}; set Voting:Auth:SigningKey in production", path);
        return key;
    }

    private static byte[] Decode(string base64, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The signing key in {source} is not valid base64.");
        }

        return key.Length >= MinimumKeyBytes
            ? key
            : throw new InvalidOperationException(
                $"The signing key in {source} has {key.Length} bytes; at least {MinimumKeyBytes} are required.");
    }
}

/// <summary>Where the Api keeps local files such as the development signing key (<c>Voting:DataDirectory</c>).</summary>
public static class DataDirectory
{
    public static string Resolve(IConfiguration configuration)
    {
        var configured = configuration["Voting:DataDirectory"];
        return string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData,
                Environment.SpecialFolderOption.Create), "voting")
            : Path.GetFullPath(configured);
    }
}
