using CxRox.Api.Auth;
using CxRox.Api.Demo;
using CxRox.Api.Scores;
using Microsoft.Extensions.Configuration;

namespace CxRox.Api.Tests.Demo;

public sealed class DemoCommandsTests
{
    [Theory]
    [InlineData("http://localhost:5080", "http://localhost:5080")]
    [InlineData("http://[::]:8080", "http://localhost:8080")]
    [InlineData("http://0.0.0.0:80", "http://localhost")]
    [InlineData("http://+:5000", "http://localhost:5000")]
    [InlineData("https://localhost:5001;http://127.0.0.1:5080", "http://127.0.0.1:5080")]
    [InlineData("https://*:443", "https://localhost")]
    [InlineData("", "http://localhost")]
    public void BaseUrl_IsTheFirstHttpAddressAsAClientReachesIt(string addresses, string expected) =>
        Assert.Equal(expected, DemoCommands.BaseUrl(addresses.Split(';', StringSplitOptions.RemoveEmptyEntries)));

    [Fact]
    public void AfterSeeding_ShowsTheKeyOnce_AndCommandsForTheReadsOnTheRealAddress()
    {
        var key = ApiKeySecret.Generate();
        var seeded = new DemoSeeding(key, null, [new ScorePeriod(new(2024, 11, 1), new(2024, 11, 30), false), new ScorePeriod(new(2024, 12, 1), new(2024, 12, 31), true)],
            10, 20, TimeSpan.FromSeconds(1.5));

        var lines = DemoCommands.AfterSeeding("http://localhost:5080", seeded);

        var scorecard = $"http://localhost:5080/v1/organizations/{DemoOrganization.Slug}/scorecards/{DemoOrganization.ScorecardId}";
        Assert.Contains(lines, l => l == $"CxRox demo reader API key (shown once): {key.Value}");
        Assert.Contains($"curl -s -H \"Authorization: Bearer {key.Value}\" {scorecard}/scores/latest", lines);
        Assert.Contains($"curl -s -H \"Authorization: Bearer {key.Value}\" {scorecard}/scores.csv", lines);
        Assert.Contains($"curl -s -H \"Authorization: Bearer {key.Value}\" {scorecard}/scores/latest/findings", lines);
        Assert.Contains($"curl -s -H \"Authorization: Bearer {key.Value}\" {scorecard}/summaries/latest.html -o summary.html", lines);
        // Pasted whole, the block runs: every line is a command or a shell comment.
        Assert.All(lines.Skip(2), l => Assert.True(l.StartsWith("curl ", StringComparison.Ordinal) || l.StartsWith('#'), l));
    }

    [Fact]
    public void OnLaterStart_ReadsTheKeyFromItsFile_AndNeverShowsIt()
    {
        var lines = DemoCommands.OnLaterStart("http://localhost:5080", "/data/.cxrox/demo-reader.key");

        Assert.All(lines.Where(l => l.StartsWith("curl ", StringComparison.Ordinal)),
            l => Assert.Contains("-H \"Authorization: Bearer $(cat '/data/.cxrox/demo-reader.key')\"", l, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--demo")]
    [InlineData("--demo --urls http://localhost:5999")]
    [InlineData("--urls http://localhost:5999 --DEMO")]
    public void DemoFlag_IsTheDemoSetting_WithoutTakingTheNextArgument(string commandLine)
    {
        var args = commandLine.Split(' ');
        var configuration = new ConfigurationBuilder().AddCommandLine(DemoSetup.WithDemoFlagAsSetting(args)).Build();

        Assert.True(configuration.GetValue<bool>(DemoSetup.Setting));
        Assert.Equal(args.Contains("--urls") ? "http://localhost:5999" : null, configuration["urls"]);
    }
}
