using System.Collections.Immutable;

namespace CxRox.Engine.Syntax;

/// <summary>
/// One operator as the reference describes it. <see cref="Level"/> is its precedence, 1 the
/// loosest; the parser has one method per level (its EBNF comment), and LanguageTableTests parse
/// every pair of operators to check that the parser binds them as these levels say.
/// </summary>
/// <param name="Spellings">The first is how the printer writes it; the others are read the same.</param>
/// <param name="Binary">The syntax node it becomes, for a binary operator.</param>
/// <param name="Unary">The syntax node it becomes, for a prefix operator.</param>
/// <param name="Example">An expression over the reference's example metrics, and what it gives there.</param>
public sealed record OperatorDefinition(
    ImmutableArray<string> Spellings,
    int Level,
    string Grouping,
    string Operands,
    string Result,
    string Summary,
    string Missing,
    BinaryOperator? Binary,
    UnaryOperator? Unary,
    string Example,
    string ExampleResult);

/// <summary>Every operator of the language, loosest first.</summary>
public static class LanguageOperators
{
    private const string Numbers = "numbers";
    private const string ArithmeticMissing = "Missing when either side is missing, or when the result is not a finite number.";
    private const string ComparisonMissing = "false when either side is missing (so is !=).";

    public static ImmutableArray<OperatorDefinition> All { get; } =
    [
        new(["or", "||"], 1, "left to right; the right side is read only when the left is false", "conditions", "condition",
            "true when either side is true.", "Conditions are never missing.", BinaryOperator.Or, null, "nps > 50 or delta(nps) > 0", "true"),
        new(["and", "&&"], 2, "left to right; the right side is read only when the left is true", "conditions", "condition",
            "true when both sides are true.", "Conditions are never missing.", BinaryOperator.And, null, "nps > 40 and ces < 6", "false"),
        new(["not", "!"], 3, "prefix", "a condition", "condition",
            "true when its operand is false.", "not (x > 0) is true when x is missing, because x > 0 is false then; write exists(x) and not (x > 0) to require a value.",
            null, UnaryOperator.Not, "not (ces > 5)", "true"),
        new(["<"], 4, "none: a < b < c is an error", Numbers, "condition", "less than.", ComparisonMissing, BinaryOperator.Less, null, "churn < 2.5%", "true"),
        new(["<="], 4, "none", Numbers, "condition", "less than or equal to.", ComparisonMissing, BinaryOperator.LessOrEqual, null, "nps <= 42", "true"),
        new([">"], 4, "none", Numbers, "condition", "greater than.", ComparisonMissing, BinaryOperator.Greater, null, "ces > 0", "false"),
        new([">="], 4, "none", Numbers, "condition", "greater than or equal to.", ComparisonMissing, BinaryOperator.GreaterOrEqual, null, "nps >= 40", "true"),
        new(["=="], 4, "none", "two numbers, two statuses or two conditions", "condition",
            "equal to ('=' is refused with a hint).", ComparisonMissing, BinaryOperator.Equal, null, "status(nps) == green", "true"),
        new(["!="], 4, "none", "two numbers, two statuses or two conditions", "condition",
            "not equal to ('<>' is refused with a hint).", ComparisonMissing, BinaryOperator.NotEqual, null, "ces != 5", "false"),
        new(["+"], 5, "left to right", Numbers, "number", "addition.", ArithmeticMissing, BinaryOperator.Add, null, "nps + 8", "50"),
        new(["-"], 5, "left to right", Numbers, "number", "subtraction.", ArithmeticMissing, BinaryOperator.Subtract, null, "nps - prev(nps)", "2"),
        new(["*"], 6, "left to right", Numbers, "number", "multiplication.", ArithmeticMissing, BinaryOperator.Multiply, null, "churn * 100", "2.25"),
        new(["/"], 6, "left to right", Numbers, "number", "division.", "Missing when either side is missing or the divisor is 0.", BinaryOperator.Divide, null, "nps / 0", "missing"),
        new(["-"], 7, "prefix", "a number", "number", "negation.", "Missing when its operand is missing.", null, UnaryOperator.Negate, "-nps", "-42"),
        new(["+"], 7, "prefix", "a number", "number", "leaves a number as it is.", "Missing when its operand is missing.", null, UnaryOperator.Identity, "+nps", "42"),
        new(["^"], 8, "right to left (2 ^ 3 ^ 2 is 2 ^ 9), and tighter than a sign on its left: -2 ^ 2 is -4", Numbers, "number",
            "raising to a power.", "Missing when either side is missing (unlike in many languages, missing ^ 0 is missing) or the result is not a finite number, e.g. (-8) ^ 0.5.",
            BinaryOperator.Power, null, "-2 ^ 2", "-4"),
    ];

    /// <summary>Every spelling of a word operator (and, or, not), which are reserved words.</summary>
    public static IEnumerable<string> Words => All.SelectMany(o => o.Spellings).Where(s => char.IsAsciiLetter(s[0]));
}
