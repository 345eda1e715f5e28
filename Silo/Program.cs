using Microsoft.Extensions.Hosting;
using Voting.Silo.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddVotingSilo();
using var host = builder.Build();
await host.RunAsync();
