using System.Text.Encodings.Web;
using System.Text.Unicode;
using Voting.Api.Admission;
using Voting.Api.Credentials;
using Voting.Api.Health;
using Voting.Api.Hosting;
using Voting.Api.Observability;
using Voting.Api.Operators;
using Voting.Api.Pages;
using Voting.Api.Problems;
using Voting.Api.Voting;
using Voting.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
if (args.FirstOrDefault() == "operator-token")
{
    return OperatorTokenCommand.Run(builder);
}

builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 17 * 1024 * 1024);

// On SIGTERM Kestrel stops accepting connections and waits up to this bound for requests in flight.
ShutdownSettings.Apply(builder);
builder.AddVotingCluster();
builder.AddVotingCredentials();
builder.AddVotingAdmission();
builder.AddVotingTelemetry("voting-api");
builder.Services.AddSingleton<VoteMetrics>();
builder.Services.Configure<PublicUrlOptions>(builder.Configuration.GetSection("Voting"));
builder.Services.ConfigureHttpJsonOptions(json =>
    json.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All));
builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = StatusProblems.Name);
builder.Services.AddExceptionHandler<ExceptionProblemHandler>();
builder.Services.AddOpenApi();
builder.Services.AddHostedService<SampleBallotLoader>();

var app = builder.Build();

// Resolve the credential service now, so a missing signing key stops start-up instead of failing requests.
app.Services.GetRequiredService<CredentialService>();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRateLimiter();
app.MapOpenApi();
app.MapHealth();
app.MapPrometheusScrapingEndpoint();
if (DashboardSettings.IsEnabled(app.Configuration))
{
    app.MapVotingDashboard();
}

app.MapVotingApi();
app.MapPublicApi();
app.MapOperatorApi();
app.MapClusterApi();
app.MapVotingPages();
app.Run();
return 0;

/// <summary>The Api's entry point, public so that tests can host it with WebApplicationFactory.</summary>
public partial class Program;
