using Xunit.Abstractions;

namespace Voting.Integration.Tests.Cluster;

/// <summary>
/// Base of the tests that start Api hosts: after each test it writes the warnings and errors
/// every host logged to the test output, so a failure shows what the silos saw.
/// </summary>
[Collection(ApiClusterCollection.Name)]
public abstract class ClusterTest(ITestOutputHelper output) : IDisposable
{
    private const int MaxLinesPerHost = 100;

    private readonly List<PostgresApiHost> _hosts = [];

    protected ITestOutputHelper Output { get; } = output;

    protected async Task<PostgresApiHost> StartHostAsync(ClusterIdentity identity)
    {
        var host = await PostgresApiHost.StartAsync(identity);
        lock (_hosts)
        {
            _hosts.Add(host);
        }

        return host;
    }

    public void Dispose()
    {
        lock (_hosts)
        {
            foreach (var host in _hosts)
            {
                var lines = host.Warnings.Lines;
                Output.WriteLine($"{host.Name}: {lines.Count} warning or error lines");
                foreach (var line in lines.Take(MaxLinesPerHost))
                {
                    Output.WriteLine(line);
                }
            }
        }

        GC.SuppressFinalize(this);
    }
}
