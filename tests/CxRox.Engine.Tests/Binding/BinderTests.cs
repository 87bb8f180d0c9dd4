using CxRox.Engine.Binding;
using CxRox.Engine.Syntax;

namespace CxRox.Engine.Tests.Binding;

public class BinderTests
{
    internal static SymbolScope Scope() => new SymbolScope()
        .AddMetric("nps", new MetricSlots(value: 0, score: 1, status: 2))
        .AddMetric("csat", new MetricSlots(value: 3, score: 4, status: 5))
        .AddMetric("complaints", new MetricSlots(value: 6, score: 7, status: 8))
        .AddPillar("cx", slot: 9)
        .AddFact("ex_drags_cx", slot: 10);

    private static BindingResult Bind(string text, ValueKind? expected = null) =>
        ExpressionBinder.Bind(text, Scope(), expected);

    private static ExpressionDiagnostic SingleError(string text, ValueKind? expected = null)
    {
        var result = Bind(text, expected);
        Assert.Null(result.Expression);
        return Assert.Single(result.Diagnostics);
    }

    [Theory]
    [InlineData("nps + 5", ValueKind.Number)]
    [InlineData("nps > 5 and not fact.ex_drags_cx", ValueKind.Boolean)]
    [InlineData("status(nps)", ValueKind.Status)]
    [InlineData("if(nps > 0, green, red)", ValueKind.Status)]
    [InlineData("coalesce(status(nps), amber)", ValueKind.Status)]
    [InlineData("score(nps) * pillar.cx", ValueKind.Number)]
    [InlineData("status(nps) == red", ValueKind.Boolean)]
    [InlineData("exists(nps) == false", ValueKind.Boolean)]
    [InlineData("prev(status(nps)) != green", ValueKind.Boolean)]
    [InlineData("pct_change(complaints) < -10%", ValueKind.Boolean)]
    [InlineData("round(nps, 2) + min(nps) + max(1, 2, 3) + clamp(nps, 0, 100)", ValueKind.Number)]
    public void Bind_WellTypedExpression_GivesKind(string text, ValueKind kind)
    {
        var result = Bind(text, kind);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(kind, result.Expression!.Kind);
    }

    [Fact]
    public void Bind_Reference_ResolvesSlots()
    {
        var result = Bind("nps + score(csat) + pillar.cx");

        var reads = BoundTree.Reads(result.Expression!).ToList();
        Assert.Equal([(ReadTarget.MetricValue, 0), (ReadTarget.MetricScore, 4), (ReadTarget.PillarScore, 9)], reads.Select(r => (r.Target, r.Slot)));
        Assert.All(reads, r => Assert.Equal(0, r.PeriodOffset));
    }

    [Theory]
    [InlineData("nsp + 1", "EXPR030", "Unknown metric 'nsp'. Did you mean 'nps'?", 0, 3)]
    [InlineData("1 + csta", "EXPR030", "Unknown metric 'csta'. Did you mean 'csat'?", 4, 4)]
    [InlineData("revenue", "EXPR030", "Unknown metric 'revenue'.", 0, 7)]
    [InlineData("pillar.xc", "EXPR031", "Unknown pillar 'pillar.xc'. Did you mean 'pillar.cx'?", 0, 9)]
    [InlineData("fact.ex_drag_cx", "EXPR032", "No rule asserts the fact 'fact.ex_drag_cx'. Did you mean 'fact.ex_drags_cx'?", 0, 15)]
    [InlineData("avrage(nps, 3)", "EXPR033", "Unknown function 'avrage'. Did you mean 'avg_over'? The functions are: abs, avg_over, clamp, coalesce, delta, exists, falling, if, max, min, pct_change, prev, rising, round, score, status, trend.", 0, 6)]
    [InlineData("average(nps, 3)", "EXPR033", "Unknown function 'average'. Did you mean 'avg_over'? The functions are: abs, avg_over, clamp, coalesce, delta, exists, falling, if, max, min, pct_change, prev, rising, round, score, status, trend.", 0, 7)]
    [InlineData("mxa(nps, 3)", "EXPR033", "Unknown function 'mxa'. Did you mean 'max'? The functions are: abs, avg_over, clamp, coalesce, delta, exists, falling, if, max, min, pct_change, prev, rising, round, score, status, trend.", 0, 3)]
    [InlineData("mix(nps, 3)", "EXPR033", "Unknown function 'mix'. Did you mean 'max' or 'min'? The functions are: abs, avg_over, clamp, coalesce, delta, exists, falling, if, max, min, pct_change, prev, rising, round, score, status, trend.", 0, 3)]
    [InlineData("zzzzzz(nps)", "EXPR033", "Unknown function 'zzzzzz'. The functions are: abs, avg_over, clamp, coalesce, delta, exists, falling, if, max, min, pct_change, prev, rising, round, score, status, trend.", 0, 6)]
    public void Bind_UnknownName_SuggestsClosest(string text, string code, string message, int start, int length)
    {
        var diagnostic = SingleError(text);

        Assert.Equal(code, diagnostic.Code);
        Assert.Equal(message, diagnostic.Message);
        Assert.Equal(new TextSpan(start, length), diagnostic.Span);
    }

    [Theory]
    [InlineData("abs(nps, 1)", "'abs' takes 1 argument, but 2 were given.")]
    [InlineData("if(true, 1)", "'if' takes 3 arguments, but 2 were given.")]
    [InlineData("round(nps, 1, 2)", "'round' takes 1 or 2 arguments, but 3 were given.")]
    [InlineData("coalesce(nps)", "'coalesce' takes at least 2 arguments, but 1 was given.")]
    [InlineData("min()", "'min' takes at least 1 arguments, but 0 were given.")]
    [InlineData("avg_over(nps)", "'avg_over' takes 2 arguments, but 1 was given.")]
    public void Bind_WrongArity_ReportsExpectedCount(string text, string message)
    {
        var diagnostic = SingleError(text);

        Assert.Equal("EXPR034", diagnostic.Code);
        Assert.Equal(message, diagnostic.Message);
    }

    [Fact]
    public void Bind_NumberWhereConditionExpected_QuotesTheExpression()
    {
        var diagnostic = SingleError("if(nps + 5, 1, 2)");

        Assert.Equal("EXPR035", diagnostic.Code);
        Assert.Equal("The first argument of 'if' needs a condition (true/false), but `nps + 5` is a number.", diagnostic.Message);
        Assert.Equal(new TextSpan(3, 7), diagnostic.Span);
    }

    [Fact]
    public void Bind_RuleConditionGivingNumber_ReportsResultType()
    {
        var diagnostic = SingleError("nps + 5", ValueKind.Boolean);

        Assert.Equal("EXPR036", diagnostic.Code);
        Assert.Equal("This must give a condition (true/false), but `nps + 5` is a number.", diagnostic.Message);
    }

    [Theory]
    [InlineData("nps and true", "EXPR035")]
    [InlineData("not nps", "EXPR035")]
    [InlineData("-fact.ex_drags_cx", "EXPR035")]
    [InlineData("status(nps) == 1", "EXPR035")]
    [InlineData("status(nps) < red", "EXPR039")]
    [InlineData("if(true, 1, green)", "EXPR035")]
    [InlineData("coalesce(nps, green)", "EXPR035")]
    [InlineData("coalesce(true, false)", "EXPR035")]
    [InlineData("exists(nps > 1)", "EXPR035")]
    [InlineData("delta(status(nps))", "EXPR035")]
    [InlineData("score(nps + 1)", "EXPR038")]
    [InlineData("status(pillar.cx)", "EXPR038")]
    [InlineData("round(nps, 11)", "EXPR037")]
    [InlineData("round(nps, 1.5)", "EXPR037")]
    [InlineData("prev(nps, 0)", "EXPR037")]
    [InlineData("prev(nps, 61)", "EXPR037")]
    [InlineData("prev(nps, csat)", "EXPR037")]
    [InlineData("avg_over(nps, 1)", "EXPR037")]
    [InlineData("trend(nps, 10%)", "EXPR037")]
    [InlineData("prev(if(fact.ex_drags_cx, 1, 0))", "EXPR040")]
    [InlineData("prev(prev(prev(nps, 60), 60), 60)", "EXPR013")]
    public void Bind_InvalidUse_ReportsCode(string text, string code)
    {
        Assert.Equal(code, SingleError(text).Code);
    }

    [Fact]
    public void Bind_SeveralProblems_ReportsEach()
    {
        var result = Bind("nsp + csta > 1 and avrage(x, 2)");

        Assert.Equal(["EXPR030", "EXPR030", "EXPR033", "EXPR030"], result.Diagnostics.Select(d => d.Code));
        Assert.Equal([0, 6, 19, 26], result.Diagnostics.Select(d => d.Span.Start));
    }

    [Fact]
    public void Bind_HistoryReads_AreSeparateFromCurrentReads()
    {
        var result = Bind("delta(nps) + prev(csat, 3) + avg_over(score(complaints), 4) + pillar.cx - prev(pillar.cx)");

        var reads = result.Reads;
        // avg_over includes the current period, so it reads complaints now as well as before.
        Assert.Equal(["complaints", "nps"], reads.CurrentMetrics);
        Assert.Equal(["complaints", "csat", "nps"], reads.HistoryMetrics);
        Assert.Equal(["cx"], reads.CurrentPillars);
        Assert.Equal(["cx"], reads.HistoryPillars);
        Assert.Equal(3, reads.MaxPeriodOffset);
    }

    [Fact]
    public void Bind_NestedHistory_AddsOffsets()
    {
        var result = Bind("prev(prev(nps) + prev(csat, 2), 3)");

        var offsets = BoundTree.Reads(result.Expression!).Select(r => (r.Id, r.PeriodOffset));
        Assert.Equal([("nps", 4), ("csat", 5)], offsets);
        Assert.Empty(result.Reads.CurrentMetrics);
        Assert.Equal(5, result.Reads.MaxPeriodOffset);
    }

    [Fact]
    public void Bind_FactsAndConditions_ReportsFactReads()
    {
        var result = Bind("fact.ex_drags_cx or status(nps) == red", ValueKind.Boolean);

        Assert.Equal(["ex_drags_cx"], result.Reads.Facts);
        Assert.Equal(["nps"], result.Reads.CurrentMetrics);
    }

    [Fact]
    public void Bind_ParseErrors_AreReturnedWithTheUnknownNamesButNoTree()
    {
        var result = ExpressionBinder.Bind("nsp +", Scope(), ValueKind.Number);

        Assert.Null(result.Expression);
        Assert.Equal(["EXPR030", "EXPR021"], result.Diagnostics.Select(d => d.Code));
    }

    [Theory]
    [InlineData("nps", true)]
    [InlineData("ex_drags_cx2", true)]
    [InlineData("avg_over", false)]
    [InlineData("status", false)]
    [InlineData("green", false)]
    [InlineData("pillar", false)]
    [InlineData("Nps", false)]
    [InlineData("2nps", false)]
    [InlineData("", false)]
    public void IsValidId_ChecksSyntaxAndReservedWords(string id, bool valid)
    {
        Assert.Equal(valid, LanguageWords.IsValidId(id));
    }

    [Fact]
    public void Reserved_ListsKeywordsAndFunctions()
    {
        Assert.Superset(
            new HashSet<string>(["and", "or", "not", "if", "true", "false", "green", "amber", "red", "pillar", "fact", "score", "status",
                "min", "max", "abs", "round", "clamp", "coalesce", "exists", "prev", "delta", "pct_change", "avg_over", "trend"]),
            new HashSet<string>(LanguageWords.Reserved));
    }

    [Fact]
    public void Catalogue_Codes_AreUniqueAndDescribed()
    {
        var codes = DiagnosticCatalogue.All.Select(d => d.Code).ToList();

        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(DiagnosticCatalogue.All, d => Assert.Matches("^EXPR[0-9]{3}$", d.Code));
        Assert.All(DiagnosticCatalogue.All, d => Assert.False(string.IsNullOrWhiteSpace(d.Meaning)));
    }
}
