using CxRox.Engine.Evaluation;

namespace CxRox.Benchmarks;

/// <summary>What a retail month looks like in the retail sample's story, four months of it, oldest first.</summary>
public enum RetailScenario
{
    /// <summary>The year after the changes: everything slowly better; one rule fires (complaints keep falling).</summary>
    Improving,

    /// <summary>A bad season: staff eNPS turns negative, CSAT and NPS fall, queues and stock-outs are back;
    /// four rules fire: a fact, four findings, and a setStatus red on staff eNPS that is red already (no override).</summary>
    Troubled,
}

public static class RetailInputs
{
    private const int Months = 4;

    // Survey metrics also give their number of answers; observations count 1.
    private static readonly (string Id, int Answers)[] Surveys = [("nps", 420), ("csat", 390), ("staff_enps", 64)];

    private static readonly Dictionary<string, double[]> Common = new(StringComparer.Ordinal)
    {
        ["orders"] = [52000, 53000, 54500, 56000],
        ["returned_orders"] = [9800, 9700, 9500, 9300],
        ["chatbot_containment"] = [0.50, 0.52, 0.55, 0.58],
        ["separations"] = [40, 38, 35, 33],
        ["avg_headcount"] = [1250, 1255, 1260, 1262],
        ["average_order_value"] = [210, 214, 218, 222],
        ["customers_at_start"] = [180000, 182000, 184500, 187000],
        ["gross_margin"] = [0.55, 0.55, 0.56, 0.56],
        ["returns_cost_saving"] = [42000, 45000, 47000, 50000],
        ["rfid_investment"] = [120000, 120000, 120000, 120000],
        ["training_investment"] = [35000, 30000, 32000, 30000],
        ["training_hours"] = [3800, 4200, 4500, 4800],
        ["rfid_coverage"] = [0.80, 0.85, 0.88, 0.90],
    };

    private static readonly Dictionary<string, double[]> Improving = new(StringComparer.Ordinal)
    {
        ["nps"] = [30, 33, 36, 40],
        ["csat"] = [78, 80, 81, 83],
        ["staff_enps"] = [8, 10, 12, 15],
        ["fitting_room_wait"] = [300, 280, 260, 240],
        ["complaints"] = [620, 580, 540, 500],
        ["out_of_stock_rate"] = [0.070, 0.065, 0.060, 0.055],
        ["purchase_frequency"] = [1.25, 1.28, 1.31, 1.35],
        ["customers_lost"] = [7600, 7400, 7100, 6900],
    };

    private static readonly Dictionary<string, double[]> Troubled = new(StringComparer.Ordinal)
    {
        ["nps"] = [30, 26, 20, 14],
        ["csat"] = [82, 80, 77, 72],
        ["staff_enps"] = [5, 2, -4, -12],
        ["fitting_room_wait"] = [300, 340, 380, 470],
        ["complaints"] = [560, 600, 650, 720],
        ["out_of_stock_rate"] = [0.060, 0.065, 0.070, 0.090],
        ["purchase_frequency"] = [1.31, 1.30, 1.28, 1.24],
        ["customers_lost"] = [6900, 7100, 7400, 7900],
    };

    /// <summary>The last <paramref name="count"/> months of the scenario (at most four), oldest first.</summary>
    public static PeriodInputs[] Create(CompiledScorecard scorecard, RetailScenario scenario, int count)
    {
        ArgumentNullException.ThrowIfNull(scorecard);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Months);
        var own = scenario == RetailScenario.Improving ? Improving : Troubled;
        var periods = new PeriodInputs[count];
        for (var p = 0; p < count; p++)
        {
            var month = Months - count + p;
            var inputs = scorecard.CreateInputs();
            foreach (var (id, values) in Common.Concat(own))
            {
                var answers = Surveys.FirstOrDefault(s => s.Id == id).Answers;
                inputs.Set(id, values[month], answers > 0 ? answers : 1);
            }
            periods[p] = inputs;
        }
        return periods;
    }
}
