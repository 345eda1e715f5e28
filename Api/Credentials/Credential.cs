namespace Voting.Api.Credentials;

/// <summary>A validated bearer credential.</summary>
public abstract record Credential;

/// <summary>A delegate's credential for one election, at one credential version.</summary>
public sealed record DelegateCredential(string ElectionId, string DelegateId, int Version) : Credential;

/// <summary>An operator's credential, valid for every election.</summary>
public sealed record OperatorCredential(string Subject) : Credential;
