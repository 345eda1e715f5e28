namespace Voting.Grains.Delegates;

/// <summary>
/// A delegate's persistent state: registration and credential version only. Which categories
/// the delegate voted in lives in the ledger's sign-in list, never here, and no choice is stored.
/// </summary>
[GenerateSerializer, Alias("voting.DelegateState")]
public sealed class DelegateState
{
    [Id(0)] public bool Registered { get; set; }
    [Id(1)] public string DisplayName { get; set; } = "";
    [Id(2)] public string? Organisation { get; set; }
    [Id(3)] public int CredentialVersion { get; set; }
}
