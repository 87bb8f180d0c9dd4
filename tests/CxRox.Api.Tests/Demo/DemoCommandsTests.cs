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

    private static DemoSeeding Seeding(ApiKeySecret key, string? keyFile) =>
        new(key, keyFile, [new ScorePeriod(new(2024, 11, 1), new(2024, 11, 30), false), new ScorePeriod(new(2024, 12, 1), new(2024, 12, 31), true)],
            10, 20, TimeSpan.FromSeconds(1.5));

    [Fact]
    public void AfterSeeding_OnATerminal_ShowsTheKeyOnce_AndCommandsReadItFromItsFileOnTheRealAddress()
    {
        var key = ApiKeySecret.Generate();

        var lines = DemoCommands.AfterSeeding("http://localhost:5080", Seeding(key, "/data/.cxrox/demo-reader.key"), stdoutIsTerminal: true);

        var scorecard = $"http://localhost:5080/v1/organizations/{DemoOrganization.Slug}/scorecards/{DemoOrganization.ScorecardId}";
        var header = "-H \"Authorization: Bearer $(cat '/data/.cxrox/demo-reader.key')\"";
        Assert.Single(lines, l => l.Contains(key.Value, StringComparison.Ordinal));
        Assert.Contains(lines, l => l == $"CxRox demo reader API key (shown once): {key.Value} (also in /data/.cxrox/demo-reader.key, readable by its owner only)");
        Assert.Contains($"curl -s {header} {scorecard}/scores/latest", lines);
        Assert.Contains($"curl -s {header} {scorecard}/scores.csv", lines);
        Assert.Contains($"curl -s {header} {scorecard}/scores/latest/findings", lines);
        Assert.Contains($"curl -s {header} '{scorecard}/summaries/latest?format=html' -o summary.html", lines);
        // Pasted whole, the block runs: every line is a command or a shell comment.
        Assert.All(lines.Skip(2), l => Assert.True(l.StartsWith("curl ", StringComparison.Ordinal) || l.StartsWith('#'), l));
    }

    [Fact]
    public void AfterSeeding_WhenStdoutIsNotATerminal_NeverShowsTheKey_OnlyWhereItsFileIs()
    {
        var key = ApiKeySecret.Generate();

        var lines = DemoCommands.AfterSeeding("http://localhost:5080", Seeding(key, "/data/.cxrox/demo-reader.key"), stdoutIsTerminal: false);

        Assert.DoesNotContain(lines, l => l.Contains(key.Value, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("CxRox demo reader API key", StringComparison.Ordinal) && l.Contains("/data/.cxrox/demo-reader.key", StringComparison.Ordinal));
        Assert.All(lines.Where(l => l.StartsWith("curl ", StringComparison.Ordinal)),
            l => Assert.Contains("$(cat '/data/.cxrox/demo-reader.key')", l, StringComparison.Ordinal));
    }

    [Fact]
    public void AfterSeeding_WithoutAFile_ShowsTheKey_SinceItCouldNotBeFoundAgain()
    {
        var key = ApiKeySecret.Generate();

        var lines = DemoCommands.AfterSeeding("http://localhost:5080", Seeding(key, null), stdoutIsTerminal: false);

        Assert.Contains($"CxRox demo reader API key (shown once): {key.Value}", lines);
        Assert.All(lines.Where(l => l.StartsWith("curl ", StringComparison.Ordinal)),
            l => Assert.Contains($"Bearer {key.Value}", l, StringComparison.Ordinal));
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
