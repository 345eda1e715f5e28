using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Voting.Silo.Hosting;
using Voting.Silo.Migrations;

if (args is ["migrate", ..])
{
    // "migrate" applies db/*.sql to ConnectionStrings:Voting and exits without starting a silo.
    var migrateBuilder = Host.CreateApplicationBuilder(args[1..]);
    using var migrateHost = migrateBuilder.Build();
    var logger = migrateHost.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Voting.Silo.Migrations");
    return await MigrationCommand.RunAsync(migrateBuilder.Configuration.GetConnectionString("Voting") ?? "", logger,
        CancellationToken.None);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddVotingSilo();
builder.AddSiloHttpEndpoint();
await using var app = builder.Build();
app.MapSiloHttpEndpoints();
await app.RunAsync();
return 0;

/// <summary>
/// The silo's entry point, kept internal: the Api's public <c>Program</c> is the one that tests host,
/// and both assemblies are loaded in the Api's tests.
/// </summary>
internal partial class Program;
