namespace Voting.LoadTests.Measurement;

public enum OutcomeKind
{
    Response,
    Timeout,
    ConnectionError,
}

/// <summary>The result of one HTTP request as the harness classifies it.</summary>
/// <param name="ProblemType">Last path segment of a problem+json <c>type</c>, for example <c>already-voted</c>.</param>
/// <param name="Status">The <c>status</c> field of a vote response, for example <c>already-recorded</c>.</param>
public readonly record struct Outcome(
    OutcomeKind Kind,
    int StatusCode = 0,
    string? ProblemType = null,
    string? Receipt = null,
    string? Status = null,
    TimeSpan? RetryAfter = null)
{
    public static Outcome TimedOut => new(OutcomeKind.Timeout);

    public static Outcome ConnectionFailed => new(OutcomeKind.ConnectionError);

    public bool IsSuccess => Kind == OutcomeKind.Response && StatusCode is >= 200 and < 300;

    /// <summary>A 4xx: the server processed the request and did not record it.</summary>
    public bool IsClientError => Kind == OutcomeKind.Response && StatusCode is >= 400 and < 500;

    /// <summary>Key under which the outcome is counted: status and problem type, or the transport failure.</summary>
    public string Label => Kind switch
    {
        OutcomeKind.Timeout => "timeout",
        OutcomeKind.ConnectionError => "connection-error",
        _ when StatusCode == 0 && Status is not null => Status,
        _ when ProblemType is not null => $"{StatusCode} {ProblemType}",
        _ when Status is not null => $"{StatusCode} {Status}",
        _ => StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
