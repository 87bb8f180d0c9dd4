using System.Linq.Expressions;
using System.Reflection;
using CxRox.Engine.Binding;
using CxRox.Engine.Compilation;
using NRules.RuleModel;
using NRules.RuleModel.Builders;
using LinqExpression = System.Linq.Expressions.Expression;

namespace CxRox.Engine.Rules;

/// <summary>
/// Turns a consultant's rule into an NRules rule definition: one pattern on the period's
/// <see cref="PeriodFacts"/> whose condition is the rule's <c>when</c>, compiled by
/// <see cref="ExpressionCompiler"/> over the frame, and one action that records the firing and
/// runs the rule's <c>then</c>, message holes compiled the same way.
/// </summary>
internal static class RuleDefinitions
{
    private const string FactsName = "facts";

    private static readonly PropertyInfo FrameProperty = typeof(PeriodFacts).GetProperty(nameof(PeriodFacts.Frame))!;
    private static readonly PropertyInfo LogProperty = typeof(PeriodFacts).GetProperty(nameof(PeriodFacts.Log))!;
    private static readonly PropertyInfo ValuesProperty = typeof(EvaluationFrame).GetProperty(nameof(EvaluationFrame.Values))!;
    private static readonly PropertyInfo RecordingProperty = typeof(FiringLog).GetProperty(nameof(FiringLog.Recording))!;
    private static readonly MethodInfo FiredMethod = typeof(FiringLog).GetMethod(nameof(FiringLog.Fired))!;
    private static readonly MethodInfo FindingMethod = typeof(FiringLog).GetMethod(nameof(FiringLog.Finding))!;
    private static readonly MethodInfo HoleMethod = typeof(FiringLog).GetMethod(nameof(FiringLog.Hole))!;
    private static readonly MethodInfo SetStatusMethod = typeof(FiringLog).GetMethod(nameof(FiringLog.SetStatus))!;
    private static readonly MethodInfo AssertMethod = typeof(FiringLog).GetMethod(nameof(FiringLog.Assert))!;
    private static readonly MethodInfo UpdateMethod = typeof(IContext).GetMethod(nameof(IContext.Update), [typeof(object)])!;

    /// <param name="index">The rule's place in the scorecard: how events and the trace name it.</param>
    /// <param name="salience">Its place on the agenda: higher fires first.</param>
    public static IRuleDefinition Build(RulePlan rule, int index, int salience)
    {
        var builder = new RuleBuilder();
        builder.Name(rule.Id);
        builder.Priority(salience);
        // Fires once per activation: again only after its condition was false in between (refraction).
        builder.Repeatability(RuleRepeatability.NonRepeatable);
        var pattern = builder.LeftHandSide().Pattern(typeof(PeriodFacts), FactsName);
        pattern.Condition(Condition(rule));
        builder.RightHandSide().Action(Action(rule, index));
        return builder.Build();
    }

    /// <summary><c>facts => { frame = facts.Frame; return when(frame); }</c></summary>
    private static Expression<Func<PeriodFacts, bool>> Condition(RulePlan rule)
    {
        var facts = LinqExpression.Parameter(typeof(PeriodFacts), FactsName);
        var frame = LinqExpression.Variable(typeof(EvaluationFrame), "frame");
        var body = LinqExpression.Block(
            typeof(bool),
            [frame],
            LinqExpression.Assign(frame, LinqExpression.Property(facts, FrameProperty)),
            ExpressionCompiler.BuildBody(rule.Condition, frame));
        return LinqExpression.Lambda<Func<PeriodFacts, bool>>(body, facts);
    }

    /// <summary>
    /// Records the firing with the values the condition read, runs the actions in order, and,
    /// when a status or a fact changed, updates the period's fact so that the conditions that
    /// read it are evaluated again (once per firing, after all its actions, as one change).
    /// </summary>
    private static Expression<Action<IContext, PeriodFacts>> Action(RulePlan rule, int index)
    {
        var context = LinqExpression.Parameter(typeof(IContext), "context");
        var facts = LinqExpression.Parameter(typeof(PeriodFacts), FactsName);
        var frame = LinqExpression.Variable(typeof(EvaluationFrame), "frame");
        var log = LinqExpression.Variable(typeof(FiringLog), "log");
        var values = LinqExpression.Variable(typeof(double[]), "values");
        var changed = LinqExpression.Variable(typeof(bool), "changed");
        var ruleIndex = LinqExpression.Constant(index);

        var body = new List<LinqExpression>
        {
            LinqExpression.Assign(frame, LinqExpression.Property(facts, FrameProperty)),
            LinqExpression.Assign(log, LinqExpression.Property(facts, LogProperty)),
            LinqExpression.Assign(values, LinqExpression.Property(frame, ValuesProperty)),
            LinqExpression.Assign(changed, LinqExpression.Constant(false)),
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
                SetStatusPlan set => LinqExpression.Assign(changed, LinqExpression.Or(
                    LinqExpression.Call(log, SetStatusMethod, values, ruleIndex, action, LinqExpression.Constant(set.StatusSlot),
                        LinqExpression.Constant(StatusEncoding.ToValue(set.Status))),
                    changed)),
                AssertPlan assert => LinqExpression.Assign(changed, LinqExpression.Or(
                    LinqExpression.Call(log, AssertMethod, values, ruleIndex, action, LinqExpression.Constant(assert.Slot)),
                    changed)),
                _ => throw new ArgumentOutOfRangeException(nameof(rule), rule.Actions[a].GetType().Name, "Unknown rule action."),
            });
        }
        body.Add(LinqExpression.IfThen(changed, LinqExpression.Call(context, UpdateMethod, facts)));
        return LinqExpression.Lambda<Action<IContext, PeriodFacts>>(
            LinqExpression.Block(typeof(void), [frame, log, values, changed], body), context, facts);
    }

    /// <summary>A hole's value as the log keeps it: numbers and statuses as they are, conditions as 1 or 0.</summary>
    private static LinqExpression HoleValue(BoundExpression hole, ParameterExpression frame)
    {
        var value = ExpressionCompiler.BuildBody(hole, frame);
        return hole.Kind == ValueKind.Boolean
            ? LinqExpression.Condition(value, LinqExpression.Constant(1.0), LinqExpression.Constant(0.0))
            : value;
    }
}
