using CxRox.Api.ApiKeys;
using CxRox.Api.Auth;
using CxRox.Api.Data;
using CxRox.Api.Demo;
using CxRox.Api.Errors;
using CxRox.Api.Jobs;
using CxRox.Api.OpenApi;
using CxRox.Api.Organizations;
using CxRox.Api.Recompute;
using CxRox.Api.Schemas;
using CxRox.Api.Scorecards;
using CxRox.Api.Schedules;
using CxRox.Api.Scores;
using CxRox.Api.Service;
using CxRox.Api.Storage;
using CxRox.Api.Summaries;
using CxRox.Api.Templates;
using CxRox.Api.Webhooks;

var builder = WebApplication.CreateBuilder(DemoSetup.WithDemoFlagAsSetting(args));
builder.AddCxRoxStorage();
builder.AddCxRoxProblems();
builder.AddCxRoxJson();
builder.AddCxRoxAuth();
builder.AddCxRoxOpenApi();
builder.AddCxRoxPipeline();
builder.AddCxRoxScores();
builder.AddCxRoxSchedules();
builder.AddCxRoxWebhooks();
builder.AddCxRoxDemo();
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));

var app = builder.Build();
app.UseNoSniff();
app.UseCxRoxProblems();
app.UseCxRoxOpenApi();
app.UseCxRoxAuth();
app.MapServiceEndpoints();
app.MapBenchmarkYardstick();
app.MapSchemas();
app.MapOrganizations();
app.MapApiKeys();
app.MapScorecards();
app.MapScorecardTemplates();
app.MapData();
app.MapScores();
app.MapSummaries();
app.MapJobs();
app.MapSchedules();
app.MapWebhooks();
app.MapJobsDashboard();
app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
    "CxRox is listening on {Urls}; try {Url}/health/ready or {Url}/swagger", string.Join(", ", app.Urls), app.Urls.FirstOrDefault(), app.Urls.FirstOrDefault()));
try
{
    app.Run();
}
catch (StartupException e)
{
    // Already logged in full; the reason alone is what the person at the terminal needs.
    Console.Error.WriteLine($"CxRox could not start: {e.Message}");
    return 1;
}
return 0;

// Exists so that WebApplicationFactory<Program> can find the entry point from the tests.
public partial class Program;
