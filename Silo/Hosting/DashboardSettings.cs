using Microsoft.Extensions.Configuration;

namespace Voting.Silo.Hosting;

/// <summary>
/// Whether the Orleans Dashboard runs (<c>Voting:Dashboard:Enabled</c>, default true). Its silo
/// half profiles every grain call, so operators may switch it off for the peak; the Api and the
/// silos must agree.
/// </summary>
public static class DashboardSettings
{
    public static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetValue("Voting:Dashboard:Enabled", true);
}
