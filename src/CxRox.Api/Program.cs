var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.Run();

// Exists so that WebApplicationFactory<Program> can find the entry point from the tests.
public partial class Program;
