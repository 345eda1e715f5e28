using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Voting.Silo.Hosting;

/// <summary>How long a process may take to stop gracefully (section <c>Voting:Shutdown</c>).</summary>
public static class ShutdownSettings
{
    public const string TimeoutKey = "Voting:Shutdown:Timeout";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Reads <c>Voting:Shutdown:Timeout</c> and makes it the host's shutdown timeout, so that on
    /// SIGTERM every hosted service (the silo, Kestrel) gets this long before the host gives up.
    /// </summary>
    public static TimeSpan Apply(IHostApplicationBuilder builder)
    {
        var timeout = builder.Configuration.GetValue(TimeoutKey, DefaultTimeout);
        if (timeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{TimeoutKey} is '{timeout}'; it must be a positive time span such as 00:00:30.");
        }

        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = timeout);
        return timeout;
    }
}
