using CxRox.Engine.Model;

namespace CxRox.Engine.Tests.Samples;

public class SampleScorecardTests
{
    public static TheoryData<string> Samples => new(Directory.GetFiles(SamplesDirectory, "*.scorecard.json").Select(Path.GetFileName)!);

    private static string SamplesDirectory => Path.Combine(AppContext.BaseDirectory, "scorecards");

    [Theory]
    [MemberData(nameof(Samples))]
    public void Read_Sample_HasNoDiagnostics(string file)
    {
        var result = ScorecardReader.Read(File.ReadAllText(Path.Combine(SamplesDirectory, file)));

        Assert.Equal("", string.Join(Environment.NewLine, result.Diagnostics));
        Assert.NotNull(result.Scorecard);
    }
}
