using System.Text.Json;
using CxRox.Engine.Library;
using CxRox.Engine.Model;
using CxRox.Engine.Tests.Samples;

namespace CxRox.Engine.Tests.Library;

/// <summary>The starter scorecards by maturity (scorecards/templates) read cleanly and use the library.</summary>
public class StarterTemplateTests
{
    private static string TemplatesDirectory => Path.Combine(AppContext.BaseDirectory, "scorecards", "templates");

    public static TheoryData<string> Templates => new(Directory.GetFiles(TemplatesDirectory, "*.scorecard.json").Select(Path.GetFileName)!);

    private static string Read(string file) => File.ReadAllText(Path.Combine(TemplatesDirectory, file));

    [Fact]
    public void Templates_OnePerMaturityStage()
    {
        Assert.Equal(
            ["stage-1-survey-basics.scorecard.json", "stage-2-operations-and-outcomes.scorecard.json", "stage-3-ex-linked-to-cx.scorecard.json", "stage-4-rox-index.scorecard.json"],
            Directory.GetFiles(TemplatesDirectory, "*.scorecard.json").Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Read_Template_HasNoDiagnostics_AndUsesTheLibrary(string file)
    {
        var result = ScorecardReader.Read(Read(file));

        Assert.True(result.Diagnostics.IsEmpty, string.Join(Environment.NewLine, result.Diagnostics));
        Assert.Equal(file.Replace(".scorecard.json", "", StringComparison.Ordinal), result.Scorecard!.Id);
        Assert.Contains("\"use\": \"library:", Read(file), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Validate_Template_MatchesTheSchema(string file)
    {
        var errors = ScorecardSchemaTests.Load().Validate(Read(file));

        Assert.Empty(ScorecardSchemaTests.Flatten(errors).Select(e => $"{e.Path}: {e.Kind}"));
    }

    [Fact]
    public void Stages_GrowFromSurveysToTheRoxReturn()
    {
        var stages = Directory.GetFiles(TemplatesDirectory, "*.scorecard.json").Order(StringComparer.Ordinal)
            .Select(path => ScorecardReader.Read(File.ReadAllText(path)).Scorecard!).ToList();

        Assert.All(stages[0].Metrics, m => Assert.IsType<SurveySource>(m.Source));
        Assert.Empty(stages[1].Rules);
        Assert.Contains(stages[1].Metrics, m => m.Source is ObservationSource);
        Assert.Contains(stages[2].Pillars, p => p.Kind == PillarKind.EmployeeExperience);
        Assert.NotEmpty(stages[2].Rules);
        Assert.Contains(stages[3].Pillars, p => p.Kind == PillarKind.Investment && p.Weight > 0);
        Assert.NotNull(stages[3].Rox.Return);
        Assert.All(stages.Take(3), s => Assert.Null(s.Rox.Return));
    }

    [Fact]
    public void Schema_UseExamples_NameEveryLibraryEntry()
    {
        var schema = JsonDocument.Parse(ScorecardSchemaTests.SchemaText()).RootElement;
        var use = schema.GetProperty("$defs").GetProperty("metric").GetProperty("properties").GetProperty("use");

        Assert.Equal(MetricLibrary.Entries.Select(e => e.Reference), use.GetProperty("examples").EnumerateArray().Select(e => e.GetString()));
    }
}
