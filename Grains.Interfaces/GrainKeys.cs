namespace Voting.Grains.Interfaces;

/// <summary>
/// Builds and splits the string keys of per-election grains. Election, category and delegate
/// ids never contain '/', so the first '/' separates the election id from the rest.
/// </summary>
public static class GrainKeys
{
    public static string Compose(string electionId, string innerId) => $"{electionId}/{innerId}";

    public static (string ElectionId, string InnerId) Split(string key)
    {
        var slash = key.IndexOf('/');
        if (slash <= 0 || slash == key.Length - 1)
        {
            throw new ArgumentException($"Grain key '{key}' is not of the form 'election/id'.", nameof(key));
        }

        return (key[..slash], key[(slash + 1)..]);
    }
}
