using CxRox.Api.Errors;
using CxRox.Api.Service;
using CxRox.Api.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.AddCxRoxStorage();
builder.AddCxRoxProblems();
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));

var app = builder.Build();
app.UseCxRoxProblems();
app.MapServiceEndpoints();
app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
    "CxRox is listening on {Urls}; try {Url}/health/ready", string.Join(", ", app.Urls), app.Urls.FirstOrDefault()));
app.Run();

// Exists so that WebApplicationFactory<Program> can find the entry point from the tests.
public partial class Program;
