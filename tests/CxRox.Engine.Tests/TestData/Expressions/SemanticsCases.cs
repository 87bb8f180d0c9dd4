namespace CxRox.Engine.Tests.TestData.Expressions;

/// <summary>
/// Expression -> expected result over the frame that <c>SemanticsTests</c> builds:
/// nps = 40, 30, missing, 20 (current period first); csat = 80, 75, 70, 65; gone always missing;
/// zero always 0; neg = -2.5, -5; score(nps) = 60; status(nps) = amber, then green;
/// pillar.cx = 55; fact.on asserted, fact.off not. Four periods are loaded.
/// Expected values: a number (invariant), "missing", "true"/"false", or a status word.
/// </summary>
public static class SemanticsCases
{
    public static TheoryData<string, string> Literals { get; } = new()
    {
        { "12", "12" }, { "12%", "0.12" }, { "1e6", "1000000" }, { "1.5E-3", "0.0015" }, { "0.5", "0.5" },
        { "true", "true" }, { "false", "false" }, { "green", "green" }, { "amber", "amber" }, { "red", "red" },
        { "score(nps)", "60" }, { "status(nps)", "amber" }, { "pillar.cx", "55" }, { "fact.on", "true" }, { "fact.off", "false" },
    };

    public static TheoryData<string, string> Arithmetic { get; } = new()
    {
        { "nps + csat", "120" }, { "nps - csat", "-40" }, { "nps * 2", "80" }, { "nps / 8", "5" }, { "-nps", "-40" }, { "+nps", "40" },
        { "2 ^ 3 ^ 2", "512" }, { "-2 ^ 2", "-4" }, { "(-2) ^ 2", "4" }, { "2 ^ -1", "0.5" }, { "1 + 2 * 3", "7" }, { "(1 + 2) * 3", "9" },
        { "10 - 4 - 3", "3" }, { "12 / 3 / 2", "2" },
    };

    public static TheoryData<string, string> MissingAndDivision { get; } = new()
    {
        { "gone", "missing" }, { "gone + 1", "missing" }, { "gone * 0", "missing" }, { "-gone", "missing" },
        { "gone ^ 0", "missing" }, { "1 ^ gone", "missing" },
        { "nps / 0", "missing" }, { "nps / zero", "missing" }, { "0 / 0", "missing" }, { "zero / nps", "0" },
        { "1e308 * 10", "missing" }, { "10 ^ 400", "missing" }, { "0 ^ -1", "missing" }, { "(-8) ^ 0.5", "missing" },
        { "gone > 1", "false" }, { "gone < 1", "false" }, { "gone >= gone", "false" }, { "gone == gone", "false" },
        { "gone != 1", "false" }, { "1 != gone", "false" }, { "nps / 0 != 1", "false" }, { "not (gone > 1)", "true" },
        { "nps != 1", "true" }, { "nps != 40", "false" }, { "nps == 40", "true" }, { "nps >= 40", "true" }, { "nps < 40", "false" },
        { "status(gone)", "missing" }, { "status(gone) == red", "false" }, { "status(gone) != red", "false" },
        { "status(nps) == amber", "true" }, { "status(nps) != red", "true" }, { "status(nps) != amber", "false" },
        { "true == false", "false" }, { "true != false", "true" }, { "fact.on and not fact.off", "true" }, { "fact.off or gone < 1", "false" },
    };

    public static TheoryData<string, string> Functions { get; } = new()
    {
        { "if(nps > 30, 1, 2)", "1" }, { "if(gone > 30, 1, 2)", "2" }, { "if(gone < 30, 1, 2)", "2" }, { "if(true, gone, 1)", "missing" },
        { "if(nps > 50, green, red)", "red" }, { "if(fact.on, fact.off, true)", "false" },
        { "min(nps, csat, 50)", "40" }, { "max(nps, csat)", "80" }, { "min(nps, gone)", "missing" }, { "max(gone)", "missing" }, { "min(5)", "5" },
        { "abs(neg)", "2.5" }, { "abs(gone)", "missing" },
        { "round(2.5)", "3" }, { "round(-2.5)", "-3" }, { "round(-0.5)", "-1" }, { "round(0.125, 2)", "0.13" }, { "round(nps / 3, 1)", "13.3" },
        { "round(gone)", "missing" },
        // Half away from zero on the decimal value written, although the nearest double lies below the half.
        { "round(1.005, 2)", "1.01" }, { "round(0.285, 2)", "0.29" }, { "round(2.675, 2)", "2.68" }, { "round(-1.005, 2)", "-1.01" },
        { "round(8.345, 2)", "8.35" }, { "round(1.0049, 2)", "1" }, { "round(0.1 + 0.2, 10)", "0.3" },
        { "round(1234567890123456.5)", "1234567890123457" }, { "round(1e20, 2)", "1e20" },
        { "clamp(nps, 0, 30)", "30" }, { "clamp(nps, 50, 100)", "50" }, { "clamp(nps, 0, 100)", "40" }, { "clamp(gone, 0, 1)", "missing" },
        { "clamp(nps, gone, 1)", "missing" }, { "clamp(nps, 10, 0)", "missing" },
        { "coalesce(gone, nps)", "40" }, { "coalesce(gone, gone, 7)", "7" }, { "coalesce(gone, gone)", "missing" }, { "coalesce(nps, 1)", "40" },
        { "coalesce(status(gone), amber)", "amber" }, { "coalesce(nps / 0, -1)", "-1" },
        { "exists(nps)", "true" }, { "exists(gone)", "false" }, { "exists(status(gone))", "false" }, { "exists(nps / 0)", "false" },
        { "not exists(gone)", "true" },
    };

    public static TheoryData<string, string> History { get; } = new()
    {
        { "prev(nps)", "30" }, { "prev(nps, 2)", "missing" }, { "prev(nps, 3)", "20" }, { "prev(nps, 4)", "missing" },
        { "prev(prev(nps))", "missing" }, { "prev(prev(csat))", "70" }, { "prev(nps - csat)", "-45" }, { "prev(status(nps)) == green", "true" },
        { "delta(nps)", "10" }, { "delta(csat, 3)", "15" }, { "delta(nps, 2)", "missing" }, { "delta(gone)", "missing" },
        { "pct_change(csat)", "0.06666666666666667" }, { "pct_change(csat) > 5%", "true" }, { "pct_change(zero)", "missing" },
        { "pct_change(nps, 2)", "missing" }, { "pct_change(neg)", "0.5" }, { "pct_change(csat) < -10%", "false" },
        { "avg_over(nps, 3)", "35" }, { "avg_over(nps, 4)", "30" }, { "avg_over(gone, 3)", "missing" }, { "avg_over(nps, 10)", "30" },
        { "avg_over(prev(csat), 2)", "72.5" },
        { "trend(csat, 4)", "5" }, { "trend(nps, 4)", "6.428571428571429" }, { "trend(nps, 3)", "10" }, { "trend(gone, 3)", "missing" },
        { "trend(prev(nps, 2), 2)", "missing" }, { "trend(-csat, 2)", "-5" },
        { "rising(csat, 3)", "true" }, { "rising(csat, 1)", "true" }, { "falling(csat, 1)", "false" }, { "falling(-csat, 3)", "true" },
        { "rising(nps, 1)", "true" }, { "rising(nps, 2)", "false" }, { "not rising(nps, 2)", "true" }, { "falling(nps, 2)", "false" },
        { "rising(gone, 1)", "false" }, { "falling(gone, 1)", "false" }, { "rising(csat, 4)", "false" }, { "rising(prev(csat), 2)", "true" },
        { "rising(neg, 1)", "true" }, { "falling(neg, 1)", "false" }, { "rising(zero, 1)", "false" }, { "falling(zero, 1)", "false" },
    };
}
