using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Voting.Grains.Interfaces;

namespace Voting.Silo.Hosting;

/// <summary>
/// Turns a database exception that escapes a grain method into <see cref="StorageUnavailableException"/>.
/// Orleans cannot serialize Npgsql's exceptions, so without this the caller would get a codec error
/// and the Api a 500 instead of a retryable 503. The original exception is logged here and not sent.
/// </summary>
internal sealed partial class StorageFailureFilter(IServiceProvider services, ILogger<StorageFailureFilter> logger)
    : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (DbException exception)
        {
            LogStorageFailure(logger, exception, context.InterfaceName, context.MethodName, context.TargetId.ToString());

            // After a server restart every idle pooled connection is dead and would fail one call.
            // Closing them now lets the retry open a fresh connection.
            services.GetService<NpgsqlDataSource>()?.Clear();
            throw new StorageUnavailableException(
                $"The database did not answer during {context.MethodName}; nothing was changed, retry later.");
        }
    }

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "{Interface}.{Method} on {GrainId} failed because the database did not answer; the caller gets a retryable error")]
    private static partial void LogStorageFailure(ILogger logger, Exception exception, string @interface, string method,
        string grainId);
}
