using System.Collections.Immutable;
using CxRox.Api.Data;
using CxRox.Api.Scores;
using CxRox.Api.Summaries;
using CxRox.Engine.Evaluation;
using CxRox.Engine.Model;

namespace CxRox.Api.Tests.Summaries;

/// <summary>
/// A hand-made history of a small retail scorecard: thirteen months, October 2025 to October 2026,
/// the last one summarised. Written so that every part of a summary has something to say:
/// <list type="bullet">
/// <item>the ROX index rises although NPS falls;</item>
/// <item>scores: CSAT, return rate and staff turnover improve most (CLV improves less, so the top three leave it out);
/// NPS, staff eNPS and churn fall most (the fitting-room wait falls less);</item>
/// <item>red: NPS by its thresholds, staff eNPS amber by its thresholds but set red by a rule;</item>
/// <item>findings: ex_drags_nps new (critical), fitting_room_queue continuing for 3 months,
/// complaints_improving new again after a gap, stock_outs_rising resolved after 2 months;</item>
/// <item>missing: chatbot containment (no data), employee CSAT (below minSample); orders is an unscored input;</item>
/// <item>March 2026 was stored partial (computed to date, never recomputed).</item>
/// </list>
/// </summary>
public static class SummaryFixture
{
    public static readonly DateOnly FirstMonth = new(2025, 10, 1);

    public const int Months = 13;

    public static readonly DataCounts Counts = new(1234, 567);

    private static readonly DateOnly PartialMonth = new(2026, 3, 1);

    private sealed record MetricSpec(
        string Id, string Name, string Pillar, string Unit, MetricDirection Direction, double? Floor, double? Target, string? Touchpoint, DisplayFormat? Format, double?[] Values);

    private static DisplayFormat Percent(int decimals) => new(decimals, null, "%", 100);

    // Values oldest first, October 2025 to October 2026.
    private static readonly MetricSpec[] Metrics =
    [
        new("nps", "Net Promoter Score", "cx", "points", MetricDirection.HigherIsBetter, -20, 60, "receipt e-mail", new(0, null, null, 1),
            [40, 42, 41, 43, 44, 42, 40, 38, 35, 32, 30, 28, 12]),
        new("csat", "Customer satisfaction", "cx", "percent", MetricDirection.HigherIsBetter, 50, 90, "store visit", new(0, null, "%", 1),
            [74, 75, 75, 76, 76, 77, 77, 78, 78, 79, 79, 78, 86]),
        new("fitting_room_wait", "Fitting-room wait", "cx", "seconds", MetricDirection.LowerIsBetter, 600, 240, "fitting room", new(0, null, " s", 1),
            [420, 410, 400, 395, 390, 380, 370, 360, 365, 380, 400, 420, 430]),
        new("return_rate", "Return rate", "cx", "ratio", MetricDirection.LowerIsBetter, 0.2, 0.05, "returns desk", Percent(1),
            [0.14, 0.14, 0.135, 0.13, 0.13, 0.125, 0.12, 0.12, 0.115, 0.11, 0.11, 0.105, 0.085]),
        new("chatbot_containment", "Chatbot containment", "cx", "ratio", MetricDirection.HigherIsBetter, 0.2, 0.6, "chatbot", Percent(1),
            [null, null, null, 0.3, 0.32, 0.33, 0.35, 0.36, 0.38, 0.4, 0.41, 0.42, null]),
        new("staff_enps", "Store-staff eNPS", "ex", "points", MetricDirection.HigherIsBetter, -50, 30, null, new(0, null, null, 1),
            [5, 4, 6, 3, 2, 0, -2, -3, -4, -5, -6, -5, -12]),
        new("staff_turnover", "Staff turnover", "ex", "ratio", MetricDirection.LowerIsBetter, 0.08, 0.02, null, Percent(1),
            [0.05, 0.05, 0.049, 0.049, 0.048, 0.048, 0.047, 0.047, 0.046, 0.046, 0.045, 0.045, 0.038]),
        new("employee_csat", "Employee satisfaction", "ex", "percent", MetricDirection.HigherIsBetter, 40, 90, null, new(0, null, "%", 1),
            [66, 67, 66, 68, 69, 68, 70, 70, 71, 70, 71, 71, null]),
        new("churn_rate", "Customer churn", "outcomes", "ratio", MetricDirection.LowerIsBetter, 0.05, 0.01, null, Percent(1),
            [0.024, 0.023, 0.023, 0.022, 0.022, 0.021, 0.021, 0.02, 0.02, 0.02, 0.019, 0.02, 0.023]),
        new("clv", "Customer lifetime value", "outcomes", "PLN", MetricDirection.HigherIsBetter, 800, 1600, null, new(0, null, " zł", 1),
            [1100, 1110, 1120, 1125, 1130, 1140, 1150, 1155, 1160, 1170, 1175, 1180, 1260]),
        new("orders", "Orders", "outcomes", "count", MetricDirection.HigherIsBetter, null, null, null, null,
            [5000, 5100, 5800, 4900, 4700, 5000, 5200, 5300, 5400, 5500, 5300, 5400, 5600]),
    ];

    private static readonly (string Id, string Name, PillarKind Kind, double Weight)[] Pillars =
    [
        ("cx", "Customer experience", PillarKind.CustomerExperience, 40),
        ("ex", "Store staff experience", PillarKind.EmployeeExperience, 25),
        ("outcomes", "Business outcomes", PillarKind.Outcomes, 35),
    ];

    private static readonly (string RuleId, string Name, FindingSeverity Severity, int[] Months, string Message, string? Action)[] Rules =
    [
        ("ex_drags_nps", "Staff experience is costing promoters", FindingSeverity.Critical, [12],
            "Employee experience is dragging customer experience: NPS is red at 12 and store-staff eNPS is below zero.", "Escalate to the retail director; fund staffing for peak hours."),
        ("fitting_room_queue", "Fitting-room queues are back", FindingSeverity.Warning, [10, 11, 12],
            "Fitting-room wait rose to 7.2 minutes.", "Check app booking uptake and weekend staffing."),
        ("stock_outs_rising", "Out-of-stock sizes rising", FindingSeverity.Warning, [10, 11],
            "Out-of-stock rate up 24% on last month.", "Compare RFID counts with replenishment orders for the affected stores."),
        ("complaints_improving", "Complaints keep falling", FindingSeverity.Info, [8, 9, 12],
            "Complaint rate down three months running, now 1.10%.", null),
    ];

    public static readonly ScorecardPresentation Presentation = new(
        "Retail stores",
        new DisplayFormat(0, null, null, 1),
        new DisplayFormat(2, null, "x", 1),
        Metrics.Where(m => m.Format is not null).ToImmutableDictionary(m => m.Id, m => m.Format!),
        Rules.ToImmutableDictionary(r => r.RuleId, r => r.Name));

    /// <summary>Every month, oldest first; the last is the one summarised.</summary>
    public static IReadOnlyList<ScoreDocument> History() => [.. Enumerable.Range(0, Months).Select(Month)];

    public static ScoreDocument Current => Month(Months - 1);

    public static IReadOnlyList<ScoreDocument> Before => [.. History().Take(Months - 1)];

    public static SummaryDocument Summary() => SummaryBuilder.Build(Current, Before, Counts, Presentation);

    private static ScoreDocument Month(int index)
    {
        var start = FirstMonth.AddMonths(index);
        var metrics = Metrics.Select(m => Metric(m, index)).ToImmutableArray();
        var pillars = Pillars.Select(p =>
        {
            var scores = metrics.Where(m => m.Pillar == p.Id && m.Weight > 0).ToList();
            var present = scores.Where(m => m.Score is not null).ToList();
            double? score = present.Count == 0 ? null : present.Average(m => m.Score!.Value);
            return new PillarDocument(p.Id, p.Name, p.Kind, p.Weight, score, present.Count, scores.Count - present.Count, null);
        }).ToImmutableArray();
        var scored = pillars.Where(p => p.Score is not null).ToList();
        var rox = scored.Sum(p => p.Score!.Value * p.Weight) / scored.Sum(p => p.Weight);
        var findings = Rules.Where(r => r.Months.Contains(index)).Select(r => new Finding(r.RuleId, r.Severity, r.Message, r.Action)).ToImmutableArray();
        return new ScoreDocument(
            "stores", 3, new string('a', 64),
            new ScorePeriodDocument("month", start, start.AddMonths(1).AddDays(-1), start == PartialMonth),
            new DateTimeOffset(start.AddMonths(1).Year, start.AddMonths(1).Month, 1, 2, 0, 0, TimeSpan.Zero),
            new RoxDocument("ROX index", Math.Round(rox, 2), 100, 0, new RoxReturnDocument("Return on experience investment", "ratio", 1.5 + (index * 0.05))),
            pillars, metrics, findings);
    }

    private static MetricDocument Metric(MetricSpec spec, int index)
    {
        var value = spec.Values[index];
        double? score = value is { } v && spec is { Floor: { } floor, Target: { } target }
            ? Math.Round(Math.Clamp(100 * (v - floor) / (target - floor), 0, 100), 2)
            : null;
        MetricStatus? status = score switch { null => null, >= 70 => MetricStatus.Green, >= 45 => MetricStatus.Amber, _ => MetricStatus.Red };
        StatusOverride? set = null;
        if (spec.Id == "staff_enps" && index == Months - 1)
        {
            set = new StatusOverride("ex_drags_nps", status, MetricStatus.Red, "Staff eNPS below zero is pulling down CSAT and NPS.");
            status = MetricStatus.Red;
        }
        MissingReason? missing = value is not null ? null : spec.Id == "employee_csat" ? MissingReason.BelowMinSample : MissingReason.NoData;
        return new MetricDocument(
            spec.Id, spec.Name, spec.Pillar, spec.Unit, spec.Direction, value, score, status, missing, value is null ? null : 100, value is null ? null : 0,
            spec.Target is null ? 0 : 1, null, spec.Floor, spec.Target, new MetricTags(null, spec.Touchpoint, null), set, []);
    }
}
