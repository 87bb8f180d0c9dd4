using CxRox.Engine.Model;
using CxRox.Engine.Validation;

namespace CxRox.Engine.Tests.Model;

public class ScorecardReaderTests
{
    private static string Sample(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "scorecards", file));

    /// <summary>A valid scorecard with one metric whose properties are written by <paramref name="metricBody"/>.</summary>
    private static string Minimal(string metricBody = "\"formula\": \"1\"", string rules = "[]") => $$"""
        {
          "schemaVersion": 1, "id": "acme", "organization": "acme", "name": "Acme", "period": "month", "timezone": "UTC",
          "pillars": [{ "id": "cx", "name": "CX", "weight": 1 }],
          "metrics": [
            { "id": "m", "name": "M", "pillar": "cx", "unit": "ratio", "direction": "higher", "floor": 0, "target": 1, "thresholds": { "green": 0.8, "amber": 0.5 }, {{metricBody}} }
          ],
          "rules": {{rules}}
        }
        """;

    [Fact]
    public void Read_RetailSample_MapsTheModel()
    {
        var result = ScorecardReader.Read(Sample("retail.scorecard.json"));

        var scorecard = Assert.IsType<Scorecard>(result.Scorecard);
        Assert.Equal(ScorecardPeriod.Month, scorecard.Period);
        Assert.Equal(["cx", "ex", "outcomes", "investment"], scorecard.Pillars.Select(p => p.Id));
        var nps = Assert.IsType<SurveySource>(scorecard.FindMetric("nps")!.Source);
        Assert.Equal((new AnswerBand(9, 10), new AnswerBand(0, 6)), (nps.Promoters, nps.Detractors));
        Assert.Equal(new AnswerBand(4, 5), Assert.IsType<SurveySource>(scorecard.FindMetric("csat")!.Source).Satisfied);
        Assert.Equal(8, scorecard.FindMetric("staff_enps")!.MinSample);
        Assert.Null(scorecard.FindMetric("orders")!.Scoring);
        Assert.Equal(new MetricScoring(0.03, 0.005, 0.01, 0.02, 2), scorecard.FindMetric("complaint_rate")!.Scoring);
        Assert.Equal(["ex_drags_cx"], scorecard.AssertedFacts.AsEnumerable());
        Assert.Equal("0 0 2 * * ?", scorecard.Schedule!.Recompute!.QuartzText);
        Assert.NotNull(scorecard.Rox.Return);
    }

    [Fact]
    public void Read_Expressions_CarryTextPointerPositionAndRole()
    {
        var result = ScorecardReader.Read(Sample("retail.scorecard.json"));

        var formula = result.Expressions.Single(e => e.Text == "complaints / orders");
        Assert.Equal(ExpressionRole.MetricFormula, formula.Role);
        Assert.Equal("/metrics/5/formula", formula.Pointer);
        var line = Sample("retail.scorecard.json").Split('\n')[formula.Start.Line - 1];
        Assert.Equal("complaints / orders", line.Substring(formula.Start.Column - 1, formula.Text.Length));
        Assert.Contains(result.Expressions, e => e.Role == ExpressionRole.RuleCondition && e.Text == "fact.ex_drags_cx and status(nps) == red");
        Assert.Contains(result.Expressions, e => e.Role == ExpressionRole.MessageHole && e.Text == "round(abs(delta(csat)), 1)");
        Assert.Single(result.Expressions, e => e.Role == ExpressionRole.RoxReturn);
    }

    [Fact]
    public void Read_EscapedFormula_MapsEveryCharacterToItsDocumentColumn()
    {
        // "a\u0020/ b": the escape is 6 characters in the document but one in the text.
        var json = Minimal("\"formula\": \"\\u0061\\u0020/ b\"");

        var expression = Assert.Single(ScorecardReader.Read(json).Expressions);

        Assert.Equal("a / b", expression.Text);
        Assert.True(expression.HasEscapes);
        var line = json.Split('\n')[expression.Start.Line - 1];
        Assert.Equal('/', line[expression.PositionAt(2).Column - 1]);
        Assert.Equal('b', line[expression.PositionAt(4).Column - 1]);
        Assert.Equal('"', line[expression.PositionAt(5).Column - 1]);
    }

    [Fact]
    public void Read_MessageHole_StartsAtTheFirstCharacterInsideTheBraces()
    {
        var json = Minimal(rules: """[{ "id": "r", "name": "R", "when": "m < 1", "then": [{ "finding": { "severity": "info", "message": "Value {{m}} is {round(m, 2)}" } }] }]""");

        var result = ScorecardReader.Read(json);

        var hole = Assert.Single(result.Expressions, e => e.Role == ExpressionRole.MessageHole);
        Assert.Equal("round(m, 2)", hole.Text);
        var line = json.Split('\n')[hole.Start.Line - 1];
        Assert.Equal("round(m, 2)", line.Substring(hole.Start.Column - 1, hole.Text.Length));
        var finding = Assert.IsType<FindingAction>(result.Scorecard!.Rules[0].Then[0]);
        Assert.Equal(new MessageText("Value {m} is "), finding.Message.Parts[0]);
    }

    [Fact]
    public void Read_ColumnsCountCharactersNotBytes()
    {
        // "Zażółć" has 6 characters and 10 UTF-8 bytes; the error after it must still be on column 34.
        const string json = "{ \"name\": \"Zażółć\", \"period\": 5 }";

        var result = ScorecardReader.Read(json);

        var wrongType = Assert.Single(result.Diagnostics, d => d.Code == "SC011");
        Assert.Equal((1, json.IndexOf('5', StringComparison.Ordinal) + 1), (wrongType.Line, wrongType.Column));
    }

    [Fact]
    public void Read_PropertyNamesWithSlashAndTilde_AreEscapedInPointers()
    {
        var result = ScorecardReader.Read("{ \"a/b~c\": 1 }");

        Assert.Contains(result.Diagnostics, d => d.Code == "SC012" && d.Pointer == "/a~1b~0c");
    }

    /// <param name="at">The text the diagnostic points at: the string's opening quote, or the property name's.</param>
    [Theory]
    [InlineData("\"name\": \"Ac\\u0000me\"", "/name", "\"Ac\\u0000me\"", "NUL character (U+0000) at position 3")]
    [InlineData("\"name\": \"\\ud800\"", "/name", "\"\\ud800\"", "escaped lone UTF-16 surrogate")]
    [InlineData("\"name\": \"x\\udc00\\ud83d\"", "/name", "\"x\\udc00", "escaped lone UTF-16 surrogate")]
    [InlineData("\"name\": \"Acme\", \"\\ud800\": 1", "", "\"\\ud800\":", "property name holds an escaped lone UTF-16 surrogate")]
    [InlineData("\"name\": \"Acme\", \"a\\u0000\": 1", "", "\"a\\u0000\":", "property name holds a NUL character")]
    public void Read_TextThatCannotBeStored_IsSC007AtItsPointer(string nameProperty, string jsonPointer, string at, string reason)
    {
        var json = Minimal().Replace("\"name\": \"Acme\"", nameProperty, StringComparison.Ordinal);

        var result = ScorecardReader.Read(json);

        var diagnostic = Assert.Single(result.Diagnostics, d => d.Code == "SC007");
        Assert.Equal(jsonPointer, diagnostic.Pointer);
        Assert.Equal((2, json.Split('\n')[1].IndexOf(at, StringComparison.Ordinal) + 1), (diagnostic.Line, diagnostic.Column));
        Assert.Contains(reason, diagnostic.Message, StringComparison.Ordinal);
        Assert.Null(result.Scorecard);
    }

    [Fact]
    public void Read_SurrogatePairEscaped_IsOrdinaryText()
    {
        var result = ScorecardReader.Read(Minimal().Replace("\"name\": \"Acme\"", "\"name\": \"Acme \\ud83d\\ude00\"", StringComparison.Ordinal));

        Assert.Equal("Acme \U0001F600", Assert.IsType<Scorecard>(result.Scorecard).Name);
    }

    [Fact]
    public void Read_MalformedJson_ReportsOneDiagnosticWhereTheReaderFailed()
    {
        var result = ScorecardReader.Read("{\n  \"a\": 1,\n  \"b\": tru\n}");

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("SC001", diagnostic.Code);
        Assert.Equal(3, diagnostic.Line);
        Assert.Null(result.Scorecard);
    }

    [Fact]
    public void Read_DocumentOverTheSizeLimit_IsRejectedBeforeParsing()
    {
        var json = "{ \"description\": \"" + new string('x', 2 * 1024 * 1024) + "\" }";

        var diagnostic = Assert.Single(ScorecardReader.Read(json).Diagnostics);

        Assert.Equal("SC002", diagnostic.Code);
    }

    [Fact]
    public void Read_DeepNesting_IsADiagnosticNotAStackOverflow()
    {
        var json = new string('[', 100_000) + new string(']', 100_000);

        var diagnostic = Assert.Single(ScorecardReader.Read(json).Diagnostics);

        Assert.Equal("SC003", diagnostic.Code);
    }

    [Fact]
    public void Read_LongString_IsReported()
    {
        var json = Minimal().Replace("\"name\": \"Acme\"", "\"name\": \"" + new string('x', 10_001) + "\"", StringComparison.Ordinal);

        Assert.Contains(ScorecardReader.Read(json).Diagnostics, d => d.Code == "SC004" && d.Pointer == "/name");
    }

    [Fact]
    public void Read_TooManyMetrics_ReportsOnceAndChecksOnlyTheLimit()
    {
        var metrics = string.Join(",", Enumerable.Range(0, 1_001).Select(i => $"{{ \"id\": \"m{i}\", \"name\": \"M\", \"pillar\": \"cx\", \"unit\": \"count\", \"direction\": \"higher\", \"formula\": \"1\", \"floor\": 0, \"target\": 1, \"thresholds\": {{ \"green\": 1, \"amber\": 0 }} }}"));
        var json = Minimal().Replace("\"metrics\": [", "\"metrics\": [" + metrics + ",", StringComparison.Ordinal);

        var result = ScorecardReader.Read(json);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("SC005", "/metrics"), (diagnostic.Code, diagnostic.Pointer));
    }

    [Fact]
    public void Read_ManyErrors_ReportsAllInDocumentOrder()
    {
        var json = Minimal("\"formula\": \"1\", \"weight\": -1, \"unit2\": 1").Replace("\"period\": \"month\"", "\"period\": \"daily\"", StringComparison.Ordinal);

        var result = ScorecardReader.Read(json);

        Assert.Equal(["SC013", "SC030", "SC012"], result.Diagnostics.Select(d => d.Code));
        Assert.Equal(result.Diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column), result.Diagnostics);
    }

    [Fact]
    public void Read_HostileInputs_NeverThrow()
    {
        string[] inputs = ["", " ", "null", "1", "\"x\"", "{", "}", "[1,", "{\"a\":\"\\uD800\"}", "{\"schemaVersion\":1e999}", "\uFEFF{}", "{\"pillars\":[1,null,\"x\",[]]}",
            "{\"metrics\":[{\"survey\":{\"scale\":{\"min\":-99999999999,\"max\":1e400}}}]}", "{\"rules\":[{\"then\":[{\"finding\":{\"message\":\"{{{}}}}{\"}}]}]}"];

        foreach (var input in inputs)
        {
            var result = ScorecardReader.Read(input);
            Assert.True(result.HasErrors, input);
        }
    }

    [Fact]
    public void Read_EmployeePillar_DefaultsMinSampleToFive()
    {
        var json = Minimal("\"survey\": { \"survey\": \"s\", \"question\": \"q\", \"aggregate\": \"mean\", \"scale\": { \"min\": 1, \"max\": 5 } }")
            .Replace("{ \"id\": \"cx\", \"name\": \"CX\", \"weight\": 1 }", "{ \"id\": \"cx\", \"kind\": \"ex\", \"name\": \"People\", \"weight\": 1 }", StringComparison.Ordinal);

        var result = ScorecardReader.Read(json);

        Assert.Equal(5, result.Scorecard!.Metrics[0].MinSample);
    }

    [Fact]
    public void Read_EmployeeSurveyWithMinSampleFour_IsAnErrorSoNoVersionCanLowerItsQuestionsThreshold()
    {
        var json = Minimal("\"survey\": { \"survey\": \"s\", \"question\": \"q\", \"aggregate\": \"mean\", \"scale\": { \"min\": 1, \"max\": 5 } }, \"minSample\": 4")
            .Replace("{ \"id\": \"cx\", \"name\": \"CX\", \"weight\": 1 }", "{ \"id\": \"cx\", \"kind\": \"ex\", \"name\": \"People\", \"weight\": 1 }", StringComparison.Ordinal);

        var result = ScorecardReader.Read(json);

        Assert.Null(result.Scorecard);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("SC058", DiagnosticSeverity.Error, "/metrics/0/minSample"), (diagnostic.Code, diagnostic.Severity, diagnostic.Pointer));
    }

    [Fact]
    public void Catalogue_CodesAreUniqueAndDocumented()
    {
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "scorecards", "README.md"));

        Assert.Equal(ScorecardDiagnostics.All.Length, ScorecardDiagnostics.All.Select(d => d.Code).Distinct().Count());
        Assert.All(ScorecardDiagnostics.All, d => Assert.Contains($"| {d.Code} |", readme, StringComparison.Ordinal));
    }

    [Fact]
    public void ExpressionCatalogue_CodesAreDocumentedWithTheirMeaning()
    {
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "scorecards", "README.md"));

        Assert.All(Engine.Syntax.DiagnosticCatalogue.All, d => Assert.Contains($"| {d.Code} | {d.Meaning} |", readme, StringComparison.Ordinal));
    }

    [Fact]
    public void Identifiers_ToSnakeCase_SuggestsAUsableId()
    {
        Assert.Equal("first_contact_resolution", Identifiers.ToSnakeCase("First-Contact Resolution"));
        Assert.Equal("nps", Identifiers.ToSnakeCase("NPS"));
        Assert.Equal("customer_effort", Identifiers.ToSnakeCase("customerEffort"));
    }
}
