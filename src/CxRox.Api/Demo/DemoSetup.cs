namespace CxRox.Api.Demo;

public static class DemoSetup
{
    /// <summary>The setting (Demo=true/false, Demo__... in the environment); unset means "on a fresh embedded database only".</summary>
    public const string Setting = "Demo";

    public const string Flag = "--demo";

    /// <summary>
    /// The arguments with a bare --demo as Demo=true. The command-line configuration reads
    /// "--key value" pairs, so a bare --demo would take the next argument as its value, or be
    /// dropped when it is the last one.
    /// </summary>
    public static string[] WithDemoFlagAsSetting(string[] args) =>
        [.. args.Select(arg => string.Equals(arg, Flag, StringComparison.OrdinalIgnoreCase) ? $"--{Setting}=true" : arg)];

    /// <summary>Registered after the admin key bootstrap (the demo's scorecard is recorded as its key's work) and the jobs (it recomputes).</summary>
    public static void AddCxRoxDemo(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DemoOrganization>();
        builder.Services.AddSingleton<DemoSeed>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DemoSeed>());
    }
}
