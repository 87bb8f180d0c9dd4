using System.Runtime.CompilerServices;
using CxRox.Engine.Model;
using CxRox.Engine.Tests.Samples;
using CxRox.Engine.Validation;

namespace CxRox.Engine.Tests.Validation;

/// <summary>
/// The broken-scorecard corpus: each TestData/Scorecards/Broken/NAME.json has NAME.expected.txt with
/// whether the JSON Schema rejects it and every diagnostic the reader reports (line:column, severity,
/// code, pointer, message). Set CXROX_APPROVE=1 to rewrite the expected files after a deliberate change,
/// then review the diff.
/// </summary>
public class BrokenScorecardTests
{
    private static string CorpusDirectory => Path.Combine(AppContext.BaseDirectory, "TestData", "Scorecards", "Broken");

    public static TheoryData<string> Cases =>
        new(Directory.GetFiles(CorpusDirectory, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!);

    [Fact]
    public void Corpus_HasAtLeastThirtyCases() => Assert.True(Cases.Count >= 30, $"{Cases.Count} cases");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Read_BrokenScorecard_ReportsExpectedDiagnostics(string name)
    {
        var json = File.ReadAllText(Path.Combine(CorpusDirectory, name + ".json"));

        var actual = Render(json);

        if (Environment.GetEnvironmentVariable("CXROX_APPROVE") == "1")
        {
            File.WriteAllText(Path.Combine(SourceCorpusDirectory(), name + ".expected.txt"), actual);
        }

        var expectedPath = Path.Combine(CorpusDirectory, name + ".expected.txt");
        Assert.True(File.Exists(expectedPath), $"No {name}.expected.txt; run with CXROX_APPROVE=1 and review it.");
        Assert.Equal(File.ReadAllText(expectedPath), actual);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Read_DocumentTheSchemaRejects_IsRejectedByTheReaderToo(string name)
    {
        var json = File.ReadAllText(Path.Combine(CorpusDirectory, name + ".json"));

        var schemaRejects = SchemaRejects(json);
        var result = ScorecardReader.Read(json);

        if (schemaRejects)
        {
            Assert.True(result.HasErrors, "The schema rejects this document but the reader accepts it.");
            Assert.Null(result.Scorecard);
        }
        else
        {
            Assert.True(result.HasErrors || result.Diagnostics.All(d => d.Severity == DiagnosticSeverity.Warning));
        }
    }

    private static string Render(string json)
    {
        var result = ScorecardReader.Read(json);
        var lines = new List<string> { $"# schema: {(SchemaRejects(json) ? "rejects" : "accepts")}" };
        foreach (var diagnostic in result.Diagnostics)
        {
            lines.Add(diagnostic.ToString());
            if (diagnostic.Excerpt is not null)
            {
                lines.AddRange(diagnostic.Excerpt.Split('\n').Select(line => $"    | {line}"));
            }
        }
        return string.Join("\n", lines) + "\n";
    }

    private static bool SchemaRejects(string json)
    {
        try
        {
            return ScorecardSchemaTests.Load().Validate(json).Count > 0;
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return true;
        }
    }

    private static string SourceCorpusDirectory([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "TestData", "Scorecards", "Broken");
}
