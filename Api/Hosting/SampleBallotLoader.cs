using System.Text.Json;
using Voting.Api.Ballots;
using Voting.Api.Requests;
using Voting.Grains.Interfaces.Ballots;

namespace Voting.Api.Hosting;

/// <summary>
/// Defines the sample ballot named by <c>Voting:SampleBallot</c> once the host has started,
/// unless that election already exists. In Development the setting defaults to the 2025 ballot.
/// </summary>
internal sealed partial class SampleBallotLoader(IConfiguration configuration, IHostEnvironment environment,
    IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<SampleBallotLoader> logger) : IHostedService
{
    public const string DefaultPath = "samples/prix-innovation-2025.json";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var path = configuration["Voting:SampleBallot"] ?? (environment.IsDevelopment() ? DefaultPath : "");
        if (!string.IsNullOrWhiteSpace(path))
        {
            lifetime.ApplicationStarted.Register(() => _ = LoadAsync(path));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task LoadAsync(string path)
    {
        var fullPath = Path.IsPathRooted(path) ? path : Path.Combine(AppContext.BaseDirectory, path);
        try
        {
            var document = JsonSerializer.Deserialize<BallotDocument>(await File.ReadAllBytesAsync(fullPath), StrictJson.Options)
                ?? throw new JsonException("The file holds JSON null.");
            var errors = BallotValidator.Validate(document, document.ElectionId ?? "");
            if (errors.Count > 0)
            {
                LogInvalid(logger, fullPath, string.Join("; ", errors.Select(e => $"{e.Path} {e.Message}")));
                return;
            }

            var election = grains.GetGrain<IElectionGrain>(document.ElectionId!);
            if (await election.GetSnapshotAsync() is not null)
            {
                LogAlreadyDefined(logger, document.ElectionId!);
                return;
            }

            await election.DefineAsync(document.ToDefinition());
            LogLoaded(logger, document.ElectionId!, fullPath);
        }
        catch (Exception exception) when (exception is IOException or JsonException or OrleansException or TimeoutException)
        {
            LogFailed(logger, exception, fullPath);
        }
    }

    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Sample ballot {ElectionId} loaded from {Path}")]
    private static partial void LogLoaded(ILogger logger, string electionId, string path);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Information, Message = "Sample ballot not loaded: election {ElectionId} already exists")]
    private static partial void LogAlreadyDefined(ILogger logger, string electionId);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Error, Message = "Sample ballot {Path} is invalid: {Errors}")]
    private static partial void LogInvalid(ILogger logger, string path, string errors);

    [LoggerMessage(EventId = 2304, Level = LogLevel.Error, Message = "Sample ballot {Path} could not be loaded")]
    private static partial void LogFailed(ILogger logger, Exception exception, string path);
}
