using System.Linq.Expressions;
using System.Reflection;
using CxRox.Engine.Binding;
using CxRox.Engine.Compilation;
using NRules.RuleModel;
using NRules.RuleModel.Builders;
using LinqExpression = System.Linq.Expressions.Expression;

namespace CxRox.Engine.Rules;

/// <summary>
/// Turns a consultant's rule into an NRules rule definition: one pattern whose condition is the
/// rule's <c>when</c>, compiled by <see cref="ExpressionCompiler"/> over the period's frame, and
/// one action that records the firing and runs the rule's <c>then</c>, message holes compiled the
/// same way. A rule that reads nothing rules change matches the period's <see cref="PeriodFacts"/>;
/// a chaining rule matches its group's <see cref="ChainedGroupFact"/>.
/// </summary>
internal static class RuleDefinitions
{
    private static readonly PropertyInfo FrameProperty = typeof(PeriodFacts).GetProperty(nameof(PeriodFacts.Frame))!;
    private static readonly PropertyInfo LogProperty = typeof(PeriodFacts).GetProperty(nameof(PeriodFacts.Log))!;
    private static readonly PropertyInfo HasChangesProperty = typeof(PeriodFacts).GetProperty(nameof(PeriodFacts.HasChanges))!;
    private static readonly PropertyInfo ChangedFactsProperty = typeof(PeriodFacts).GetProperty(nameof(PeriodFacts.ChangedFacts))!;
    private static readonly MethodInfo ChangedMethod = typeof(PeriodFacts).GetMethod(nameof(PeriodFacts.Changed))!;
    private static readonly MethodInfo ClearChangedMethod = typeof(PeriodFacts).GetMethod(nameof(PeriodFacts.ClearChanged))!;
    private static readonly PropertyInfo PeriodProperty = typeof(ChainedGroupFact).GetProperty(nameof(ChainedGroupFact.Period))!;
    private static readonly PropertyInfo ValuesProperty = typeof(EvaluationFrame).GetProperty(nameof(EvaluationFrame.Values))!;
    private static readonly PropertyInfo RecordingProperty = typeof(FiringLog).GetProperty(nameof(FiringLog.Recording))!;
    private static readonly MethodInfo FiredMethod = typeof(FiringLog).GetMethod(nameof(FiringLog.Fired))!;
    private static readonly MethodInfo FindingMethod = typeof(FiringLog).GetMethod(nameof(FiringLog.Finding))!;
    private static readonly MethodInfo HoleMethod = typeof(FiringLog).GetMethod(nameof(FiringLog.Hole))!;
    private static readonly MethodInfo SetStatusMethod = typeof(FiringLog).GetMethod(nameof(FiringLog.SetStatus))!;
    private static readonly MethodInfo AssertMethod = typeof(FiringLog).GetMethod(nameof(FiringLog.Assert))!;
    private static readonly MethodInfo UpdateAllMethod = typeof(IContext).GetMethod(nameof(IContext.UpdateAll), [typeof(IEnumerable<object>)])!;

    /// <param name="index">The rule's place in the scorecard: how events and the trace name it.</param>
    /// <param name="salience">Its place on the agenda: higher fires first.</param>
    /// <param name="group">For a rule that reads a status or fact that rules set or assert, the group whose fact it matches; otherwise -1.</param>
    /// <param name="readers">For a frame slot, the groups of the chaining rules that read it (updated when it changes).</param>
    public static IRuleDefinition Build(RulePlan rule, int index, int salience, int group, Func<int, int[]> readers)
    {
        var builder = new RuleBuilder();
        builder.Name(rule.Id);
        builder.Priority(salience);
        // Fires once per activation: again only after its condition was false in between (refraction).
        builder.Repeatability(RuleRepeatability.NonRepeatable);
        var chained = group >= 0;
        // A group's fact is of a type of its own: NRules routes it to its group's patterns alone.
        var factType = chained ? ChainedGroupFact.TypeFor(group) : typeof(PeriodFacts);
        var fact = LinqExpression.Parameter(factType, "fact");
        var period = chained ? (LinqExpression)LinqExpression.Property(fact, PeriodProperty) : fact;
        var pattern = builder.LeftHandSide().Pattern(factType, fact.Name!);
        pattern.Condition(Condition(rule, fact, period));
        builder.RightHandSide().Action(Action(rule, index, fact, period, readers));
        return builder.Build();
    }

    /// <summary><c>fact => { frame = period.Frame; return when(frame); }</c></summary>
    private static LambdaExpression Condition(RulePlan rule, ParameterExpression fact, LinqExpression period)
    {
        var frame = LinqExpression.Variable(typeof(EvaluationFrame), "frame");
        var body = LinqExpression.Block(
            typeof(bool),
            [frame],
            LinqExpression.Assign(frame, LinqExpression.Property(period, FrameProperty)),
            ExpressionCompiler.BuildBody(rule.Condition, frame));
        return LinqExpression.Lambda(body, fact);
    }

    /// <summary>
    /// Records the firing with the values the condition read and runs the actions in order. When a
    /// status or fact changed, the facts of the rules that read it are updated after all the
    /// actions, as one change, so that NRules evaluates those conditions again.
    /// </summary>
    private static LambdaExpression Action(RulePlan rule, int index, ParameterExpression fact, LinqExpression periodOfFact, Func<int, int[]> readers)
    {
        var context = LinqExpression.Parameter(typeof(IContext), "context");
        var period = LinqExpression.Variable(typeof(PeriodFacts), "period");
        var log = LinqExpression.Variable(typeof(FiringLog), "log");
        var values = LinqExpression.Variable(typeof(double[]), "values");
        var frame = LinqExpression.Variable(typeof(EvaluationFrame), "frame");
        var ruleIndex = LinqExpression.Constant(index);

        var body = new List<LinqExpression>
        {
            LinqExpression.Assign(period, periodOfFact),
            LinqExpression.Assign(frame, LinqExpression.Property(period, FrameProperty)),
            LinqExpression.Assign(log, LinqExpression.Property(period, LogProperty)),
            LinqExpression.Assign(values, LinqExpression.Property(frame, ValuesProperty)),
            LinqExpression.Call(log, FiredMethod, ruleIndex, LinqExpression.Constant(rule.Reads.Select(r => r.FrameIndex).ToArray()), values),
        };
        for (var a = 0; a < rule.Actions.Length; a++)
        {
            var action = LinqExpression.Constant(a);
            body.Add(rule.Actions[a] switch
            {
                FindingPlan finding => LinqExpression.IfThen(
                    LinqExpression.Property(log, RecordingProperty),
                    LinqExpression.Block(
                        finding.Message.Where(piece => piece.Hole is not null)
                            .Select(piece => LinqExpression.Call(log, HoleMethod, HoleValue(piece.Hole!, frame)))
                            .Prepend<LinqExpression>(LinqExpression.Call(log, FindingMethod, ruleIndex, action)))),
                SetStatusPlan set => Changing(
                    LinqExpression.Call(log, SetStatusMethod, values, ruleIndex, action, LinqExpression.Constant(set.StatusSlot),
                        LinqExpression.Constant(StatusEncoding.ToValue(set.Status))),
                    period, readers(set.StatusSlot)),
                AssertPlan assert => Changing(
                    LinqExpression.Call(log, AssertMethod, values, ruleIndex, action, LinqExpression.Constant(assert.Slot)),
                    period, readers(assert.Slot)),
                _ => throw new ArgumentOutOfRangeException(nameof(rule), rule.Actions[a].GetType().Name, "Unknown rule action."),
            });
        }
        body.Add(LinqExpression.IfThen(
            LinqExpression.Property(period, HasChangesProperty),
            LinqExpression.Block(
                LinqExpression.Call(context, UpdateAllMethod, LinqExpression.Property(period, ChangedFactsProperty)),
                LinqExpression.Call(period, ClearChangedMethod))));
        return LinqExpression.Lambda(LinqExpression.Block(typeof(void), [period, frame, log, values], body), context, fact);
    }

    /// <summary><c>if (change()) period.Changed(readers)</c>: a change nobody reads is only made.</summary>
    private static LinqExpression Changing(LinqExpression change, ParameterExpression period, int[] readers) =>
        readers.Length == 0
            ? change
            : LinqExpression.IfThen(change, LinqExpression.Call(period, ChangedMethod, LinqExpression.Constant(readers)));

    /// <summary>A hole's value as the log keeps it: numbers and statuses as they are, conditions as 1 or 0.</summary>
    private static LinqExpression HoleValue(BoundExpression hole, ParameterExpression frame)
    {
        var value = ExpressionCompiler.BuildBody(hole, frame);
        return hole.Kind == ValueKind.Boolean
            ? LinqExpression.Condition(value, LinqExpression.Constant(1.0), LinqExpression.Constant(0.0))
            : value;
    }
}
