using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Voting.Silo.Migrations;

// NOTE: a placeholder entry point that only runs "migrate"; the silo host replaces it.
var builder = Host.CreateApplicationBuilder(args.Skip(1).ToArray());
using var host = builder.Build();
var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Voting.Silo.Migrations");

if (args is not ["migrate", ..])
{
    Console.Error.WriteLine("Usage: Voting.Silo migrate   (reads ConnectionStrings:Voting)");
    return 2;
}

return await MigrationCommand.RunAsync(builder.Configuration.GetConnectionString("Voting") ?? "", logger,
    CancellationToken.None);
