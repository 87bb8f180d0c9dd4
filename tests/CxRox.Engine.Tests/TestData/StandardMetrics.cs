using CxRox.Engine.Model;

namespace CxRox.Engine.Tests.TestData;

/// <summary>The standard metrics of docs/domain.md with the floors, targets and thresholds a consultant would set.</summary>
public static class StandardMetrics
{
    public static TheoryData<string, MetricDirection, double, double, double, double> All => new()
    {
        { "nps", MetricDirection.HigherIsBetter, -10, 60, 45, 25 },
        { "enps", MetricDirection.HigherIsBetter, -30, 40, 20, 0 },
        { "csat_top_two_box_percent", MetricDirection.HigherIsBetter, 50, 90, 80, 65 },
        { "ces_mean_effort_1_to_7", MetricDirection.LowerIsBetter, 5, 2, 3, 4 },
        { "churn_rate", MetricDirection.LowerIsBetter, 0.08, 0.02, 0.035, 0.05 },
        { "retention_rate", MetricDirection.HigherIsBetter, 0.80, 0.95, 0.92, 0.88 },
        { "clv", MetricDirection.HigherIsBetter, 800, 2500, 2000, 1400 },
        { "complaint_rate", MetricDirection.LowerIsBetter, 0.03, 0.005, 0.01, 0.02 },
        { "return_rate", MetricDirection.LowerIsBetter, 0.30, 0.12, 0.18, 0.24 },
        { "first_contact_resolution", MetricDirection.HigherIsBetter, 0.5, 0.85, 0.75, 0.65 },
        { "average_handle_time_seconds", MetricDirection.LowerIsBetter, 600, 240, 300, 420 },
        { "employee_turnover", MetricDirection.LowerIsBetter, 0.06, 0.015, 0.025, 0.04 },
    };
}
