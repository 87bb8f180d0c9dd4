using CxRox.Api.ApiKeys;
using CxRox.Api.Auth;
using CxRox.Api.Errors;
using CxRox.Api.Organizations;
using CxRox.Api.Service;
using CxRox.Api.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.AddCxRoxStorage();
builder.AddCxRoxProblems();
builder.AddCxRoxAuth();
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));

var app = builder.Build();
app.UseCxRoxProblems();
app.UseCxRoxAuth();
app.MapServiceEndpoints();
app.MapOrganizations();
app.MapApiKeys();
app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
    "CxRox is listening on {Urls}; try {Url}/health/ready", string.Join(", ", app.Urls), app.Urls.FirstOrDefault()));
app.Run();

// Exists so that WebApplicationFactory<Program> can find the entry point from the tests.
public partial class Program;
