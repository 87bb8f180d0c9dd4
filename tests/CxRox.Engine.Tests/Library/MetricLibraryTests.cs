using System.Security.Cryptography;
using System.Text;
using CxRox.Engine.Library;
using CxRox.Engine.Model;

namespace CxRox.Engine.Tests.Library;

/// <summary>The metric library: every entry reads as a metric, a revision never changes, and <c>use</c> is diagnosed.</summary>
public class MetricLibraryTests
{
    /// <summary>
    /// The fingerprint (SHA-256 of the compact definition) of every published revision. A stored
    /// scorecard that names a revision computes what that revision defined, so a published one is never
    /// edited: when this test fails, undo the edit and publish the change as the next revision instead.
    /// </summary>
    private static readonly Dictionary<string, string> Published = new(StringComparer.Ordinal)
    {
        ["library:nps@1"] = "984916d9cf37b81aabd84efd33a9aadf4a43249dd137af618ee0df47ed0acf9f",
        ["library:csat@1"] = "5bcd2fbda0b68ec5b25264b160d847f8afe632b151e09bb8d3689987c87e9956",
        ["library:ces@1"] = "cb626004fabd78cf2f2eebfd40d8a5bc7a9ce3c3ec898e758b804ddace4d3570",
        ["library:churn_rate@1"] = "e91dbcd1e35d43ee40127f3aae9f477819ac50ea87a0aa20df354312961c541e",
        ["library:retention_rate@1"] = "4a15a1db565bd77cba1dc6f1dff41d61017b28110a55e265705b0d83295cf0ef",
        ["library:clv@1"] = "05bd8896c39e0fc2d26522b9aefbefa9214bf7195cb6a373cfb22b217abffb96",
        ["library:complaint_rate@1"] = "51eac74ca80e562b1ad77f3914cf451e5222e1f67c68ce78363dd3b43f07c1f3",
        ["library:return_rate@1"] = "dc015a20229fec3298ef06f6673caa4b5dec1e015dc5d12ec785f52df878d4ed",
        ["library:average_handling_time@1"] = "9a9a91c06bbedf02b0154badf56d0602abdaaab873872d6acaf055d3bb83e5ae",
        ["library:first_contact_resolution@1"] = "45ad63cfdea4c79ec1a583019d347d6e99dacc679a280ca02e0353caa4d6cbd3",
        ["library:web_conversion@1"] = "d67a3b960c387755c15b0121b7047d6bbff08bacc76c5f860269d051dd83d3a1",
        ["library:enps@1"] = "541eafeb69eb0d854dae02c0ec93555075f6b719b3fb39622cee1b368d864f2a",
        ["library:engagement_index@1"] = "2a7eb7238180dd565828af9491fba44c979a7a49597043fab3054a460011d82d",
        ["library:voluntary_turnover@1"] = "49b01b01b25c6d1c2139bf5b57acacd0108662fc4d85dda492ccf83598825322",
        ["library:training_hours_per_employee@1"] = "20668d5eade9a6ab4529a470a6f8cdbea75401ba583a9cbaeb7749015cc973d1",
        ["library:absenteeism@1"] = "e321bf9991a1a9248d122efc1f32ae770fbc51ef51bc2f4c41a8ca592a23c326",
    };

    public static TheoryData<string> References => new(MetricLibrary.Entries.Select(e => e.Reference));

    /// <summary>A scorecard with cx and ex pillars whose metrics are <paramref name="metrics"/> (JSON objects, comma-separated).</summary>
    private static string Scorecard(string metrics, int cxWeight = 1, int exWeight = 0) => $$"""
        {
          "schemaVersion": 1, "id": "acme", "organization": "acme", "name": "Acme", "period": "month", "timezone": "UTC",
          "pillars": [{ "id": "cx", "name": "CX", "weight": {{cxWeight}} }, { "id": "ex", "name": "EX", "weight": {{exWeight}} }],
          "metrics": [
            {{metrics}}
          ]
        }
        """;

    private static string Using(LibraryMetric entry, string extra = "")
    {
        var employee = entry.Experience == PillarKind.EmployeeExperience;
        var pillar = employee ? "ex" : "cx";
        var binding = entry.SourceKind switch
        {
            "survey" => ", \"survey\": { \"survey\": \"pulse\", \"question\": \"q\" }",
            "observation" => ", \"observation\": { \"key\": \"ops.value\" }",
            _ => "",
        };
        var inputs = entry.Inputs.Select(i => $$"""{ "id": "{{i}}", "name": "{{i}}", "pillar": "{{pillar}}", "unit": "count", "direction": "higher", "observation": { "key": "in.{{i}}", "aggregate": "sum" } }""");
        return Scorecard(string.Join(",\n", [$$"""{ "id": "{{entry.Id}}", "use": "{{entry.Reference}}", "pillar": "{{pillar}}"{{binding}}{{extra}} }""", .. inputs]),
            cxWeight: employee ? 0 : 1, exWeight: employee ? 1 : 0);
    }

    private static string Diagnostics(ScorecardReadResult result) => string.Join(Environment.NewLine, result.Diagnostics);

    [Theory]
    [MemberData(nameof(References))]
    public void Entry_UsedWithItsInputs_ReadsWithoutDiagnostics_AsItsDefinitionSays(string reference)
    {
        var entry = MetricLibrary.Entries.Single(e => e.Reference == reference);

        var result = ScorecardReader.Read(Using(entry));

        Assert.True(result.Diagnostics.IsEmpty, Diagnostics(result));
        var metric = result.Scorecard!.FindMetric(entry.Id)!;
        var definition = System.Text.Json.JsonDocument.Parse(entry.DefinitionJson).RootElement;
        Assert.Equal(definition.GetProperty("name").GetString(), metric.Name);
        Assert.Equal(definition.GetProperty("unit").GetString(), metric.Unit);
        Assert.Equal(definition.GetProperty("direction").GetString() == "higher", metric.Direction == MetricDirection.HigherIsBetter);
        Assert.Equal(definition.GetProperty("target").GetDouble(), metric.Scoring!.Target);
    }

    [Theory]
    [MemberData(nameof(References))]
    public void Entry_PublishedRevision_KeepsItsFingerprint(string reference)
    {
        var entry = MetricLibrary.Entries.Single(e => e.Reference == reference);

        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(entry.DefinitionJson)));

        Assert.True(Published.TryGetValue(reference, out var expected), $"{reference} is not in the table of published revisions; add \"{fingerprint}\".");
        Assert.True(expected == fingerprint, $"{reference} changed: a published revision is never edited, so publish the change as revision {entry.Revision + 1}.");
    }

    [Fact]
    public void Entries_CoverTheStandardCxAndExMetrics_OneRevisionEach()
    {
        Assert.Equal(
            ["nps", "csat", "ces", "churn_rate", "retention_rate", "clv", "complaint_rate", "return_rate", "average_handling_time",
             "first_contact_resolution", "web_conversion", "enps", "engagement_index", "voluntary_turnover", "training_hours_per_employee", "absenteeism"],
            MetricLibrary.Ids);
        Assert.All(MetricLibrary.Entries, e => Assert.Equal(1, e.Revision));
        Assert.All(MetricLibrary.Entries, e => Assert.Equal(e.SourceKind == "formula", !e.Inputs.IsEmpty));
        // The organization's stored versions are read by SQL for a question's anonymity threshold
        // (SurveyAggregates), which sees the metric as written, not the library's fields: so the
        // library never sets minSample, and the threshold is the metric's own or its pillar's.
        Assert.All(MetricLibrary.Entries, e => Assert.DoesNotContain("\"minSample\"", e.DefinitionJson, StringComparison.Ordinal));
    }

    [Fact]
    public void Documentation_ListsEveryRevision()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder!.FullName, "CxRox.sln")))
        {
            folder = folder.Parent;
        }

        var documentation = File.ReadAllText(Path.Combine(folder.FullName, "docs", "metric-library.md"));

        Assert.All(MetricLibrary.Entries, e => Assert.Contains($"| `{e.Reference}` |", documentation, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("library:nps", "nps", 1)]
    [InlineData("library:nps@1", "nps", 1)]
    [InlineData("library:voluntary_turnover@12", "voluntary_turnover", 12)]
    public void Parse_Reference_WithoutARevisionMeansTheFirst(string text, string id, int revision)
    {
        Assert.Equal(new LibraryReference(id, revision), MetricLibrary.Parse(text));
    }

    [Theory]
    [InlineData("nps")]
    [InlineData("library:")]
    [InlineData("library:NPS")]
    [InlineData("library:nps@")]
    [InlineData("library:nps@0")]
    [InlineData("library:nps@01")]
    [InlineData("library:nps@latest")]
    public void Parse_Malformed_IsNull(string text)
    {
        Assert.Null(MetricLibrary.Parse(text));
    }

    [Fact]
    public void Use_WithOverrides_KeepsTheDefinitionAndTakesTheMetricsOwnTargetNameAndWeight()
    {
        var json = Scorecard("""
            { "id": "store_nps", "use": "library:nps", "pillar": "cx", "name": "Store NPS",
              "survey": { "survey": "post_purchase", "question": "recommend" },
              "floor": 0, "target": 50, "thresholds": { "green": 40, "amber": 20 }, "weight": 3, "minSample": 30 },
            { "id": "enps", "use": "library:enps@1", "pillar": "ex", "survey": { "survey": "pulse", "question": "recommend_workplace" } }
            """, exWeight: 1);

        var result = ScorecardReader.Read(json);

        Assert.True(result.Diagnostics.IsEmpty, Diagnostics(result));
        var nps = result.Scorecard!.FindMetric("store_nps")!;
        Assert.Equal("Store NPS", nps.Name);
        Assert.Equal(new MetricScoring(0, 50, 40, 20, 3), nps.Scoring);
        Assert.Equal(30, nps.MinSample);
        var source = Assert.IsType<SurveySource>(nps.Source);
        Assert.Equal(("post_purchase", "recommend", SurveyAggregate.Nps), (source.Survey, source.Question, source.Aggregate));
        Assert.Equal((new AnswerBand(9, 10), new AnswerBand(0, 6)), (source.Promoters, source.Detractors));
        Assert.Equal(("points", MetricDirection.HigherIsBetter), (nps.Unit, nps.Direction));
        Assert.Equal(5, result.Scorecard.FindMetric("enps")!.MinSample);
    }

    [Fact]
    public void Use_MoneyEntry_MayChangeOnlyTheCurrency()
    {
        var clv = MetricLibrary.Latest("clv")!;

        var inPln = ScorecardReader.Read(Using(clv, ", \"unit\": \"PLN\""));
        var asCount = ScorecardReader.Read(Using(clv, ", \"unit\": \"count\""));

        Assert.True(inPln.Diagnostics.IsEmpty, Diagnostics(inPln));
        Assert.Equal("PLN", inPln.Scorecard!.FindMetric("clv")!.Unit);
        var pinned = Assert.Single(asCount.Diagnostics);
        Assert.Equal(("SC029", "/metrics/0/unit"), (pinned.Code, pinned.Pointer));
        Assert.Contains("Only the currency may change", pinned.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"direction\": \"lower\"", "/metrics/0/direction")]
    [InlineData("\"unit\": \"percent\"", "/metrics/0/unit")]
    [InlineData("\"formula\": \"1\"", "/metrics/0/formula")]
    [InlineData("\"survey\": { \"survey\": \"s\", \"question\": \"q\", \"aggregate\": \"mean\" }", "/metrics/0/survey/aggregate")]
    [InlineData("\"survey\": { \"survey\": \"s\", \"question\": \"q\", \"scale\": { \"min\": 1, \"max\": 5 } }", "/metrics/0/survey/scale")]
    [InlineData("\"survey\": { \"survey\": \"s\", \"question\": \"q\", \"topBoxes\": 2 }", "/metrics/0/survey/topBoxes")]
    public void Use_ChangingAPinnedField_IsSC029AtThatField(string field, string jsonPointer)
    {
        var bindingGiven = field.StartsWith("\"survey\"", StringComparison.Ordinal);
        var json = Scorecard($$"""{ "id": "nps", "use": "library:nps@1", "pillar": "cx", {{(bindingGiven ? "" : "\"survey\": { \"survey\": \"s\", \"question\": \"q\" }, ")}}{{field}} }""");

        var result = ScorecardReader.Read(json);

        var pinned = Assert.Single(result.Diagnostics);
        Assert.Equal(("SC029", jsonPointer), (pinned.Code, pinned.Pointer));
        Assert.Contains("library:nps@1", pinned.Message, StringComparison.Ordinal);
        Assert.Contains("without 'use'", pinned.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Use_ASourceOfAnotherKind_IsSC029SayingWhereTheValuesComeFrom()
    {
        var json = Scorecard("""{ "id": "nps", "use": "library:nps@1", "pillar": "cx", "observation": { "key": "a.b", "aggregate": "avg" } }""");

        var result = ScorecardReader.Read(json);

        Assert.Contains(result.Diagnostics, d => d.Code == "SC029" && d.Pointer == "/metrics/0/observation" && d.Message.Contains("from a survey", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("library:nsp", "Did you mean 'library:nps'?")]
    [InlineData("library:turnover", "Did you mean 'library:voluntary_turnover'?")]
    [InlineData("library:engagement", "Did you mean 'library:engagement_index'?")]
    [InlineData("library:happiness", "The library has: nps, csat, ces,")]
    [InlineData("library:nps@2", "the library's 'nps' has revisions 1 to 1; the newest is \"library:nps@1\"")]
    [InlineData("nps", "name a library metric as library:<id> or library:<id>@<revision>")]
    public void Use_UnknownEntry_IsSC028WithNearMatches(string use, string expected)
    {
        var json = Scorecard($$"""{ "id": "nps", "use": "{{use}}", "pillar": "cx", "survey": { "survey": "s", "question": "q" } }""");

        var result = ScorecardReader.Read(json);

        // Only the unknown entry: the metric's id and pillar still count, so nothing else is reported.
        var unknown = Assert.Single(result.Diagnostics);
        Assert.Equal(("SC028", "/metrics/0/use"), (unknown.Code, unknown.Pointer));
        Assert.Contains(expected, unknown.Message, StringComparison.Ordinal);
        Assert.Null(result.Scorecard);
    }

    [Fact]
    public void Use_SurveyEntryWithoutItsQuestion_SaysWhatToAdd()
    {
        var json = Scorecard("""{ "id": "nps", "use": "library:nps@1", "pillar": "cx" }""");

        var result = ScorecardReader.Read(json);

        var missing = Assert.Single(result.Diagnostics);
        Assert.Equal(("SC010", "/metrics/0"), (missing.Code, missing.Pointer));
        Assert.Contains("\"survey\": { \"survey\": \"...\", \"question\": \"...\" }", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Use_FormulaEntryWithoutItsInputs_ReportsTheUnknownNamesAtUse()
    {
        var json = Scorecard("""{ "id": "complaint_rate", "use": "library:complaint_rate@1", "pillar": "cx" }""");

        var result = ScorecardReader.Read(json);

        Assert.NotEmpty(result.Diagnostics);
        Assert.All(result.Diagnostics, d => Assert.Equal("/metrics/0/use", d.Pointer));
        Assert.Contains(result.Diagnostics, d => d.Message.Contains("orders", StringComparison.Ordinal));
        var line = json.Split('\n')[result.Diagnostics[0].Line - 1];
        Assert.Equal("library:complaint_rate@1", line[(result.Diagnostics[0].Column - 1)..].Split('"')[0]);
    }

    [Fact]
    public void Use_NotAString_IsSC011()
    {
        var json = Scorecard("""{ "id": "nps", "use": 1, "pillar": "cx" }""");

        var result = ScorecardReader.Read(json);

        Assert.Equal(["SC011"], result.Diagnostics.Select(d => d.Code));
    }
}
