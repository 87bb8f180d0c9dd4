namespace CxRox.Engine.Syntax;

/// <summary>
/// Every diagnostic code the expression language reports. Codes are stable: scorecard
/// validators and documentation refer to them, so never renumber, only add.
/// </summary>
public static class DiagnosticCatalogue
{
    // Lexer
    public static readonly ExpressionDiagnosticDescriptor UnexpectedCharacter = new("EXPR001", "A character that is not part of the language.");
    public static readonly ExpressionDiagnosticDescriptor InvalidNumber = new("EXPR002", "A number that is malformed or too large.");
    public static readonly ExpressionDiagnosticDescriptor InvalidIdentifier = new("EXPR003", "A name that is not lower-case snake_case.");
    public static readonly ExpressionDiagnosticDescriptor MisspelledOperator = new("EXPR004", "An operator from another language ('=', '&', '|', '<>'); read as the intended one.");

    // Limits
    public static readonly ExpressionDiagnosticDescriptor ExpressionTooLong = new("EXPR010", "The expression is longer than the maximum length.");
    public static readonly ExpressionDiagnosticDescriptor NestingTooDeep = new("EXPR011", "Parentheses, calls or operators are nested too deeply.");
    public static readonly ExpressionDiagnosticDescriptor TooManyArguments = new("EXPR012", "A function call has more arguments than allowed.");
    public static readonly ExpressionDiagnosticDescriptor HistoryTooDeep = new("EXPR013", "History functions reach further back than allowed.");
    public static readonly ExpressionDiagnosticDescriptor TooComplex = new("EXPR014", "History functions expand to too large a computation.");

    // Parser
    public static readonly ExpressionDiagnosticDescriptor EmptyExpression = new("EXPR020", "The expression is empty.");
    public static readonly ExpressionDiagnosticDescriptor ExpectedValue = new("EXPR021", "A value was expected (number, name, call or parenthesis).");
    public static readonly ExpressionDiagnosticDescriptor UnclosedParenthesis = new("EXPR022", "An opening parenthesis is never closed.");
    public static readonly ExpressionDiagnosticDescriptor ExpectedCommaOrClose = new("EXPR023", "A function argument is followed by something other than ',' or ')'.");
    public static readonly ExpressionDiagnosticDescriptor UnexpectedToken = new("EXPR024", "Text after the end of a complete expression.");
    public static readonly ExpressionDiagnosticDescriptor ChainedComparison = new("EXPR025", "Comparisons chained like 'a < b < c'.");
    public static readonly ExpressionDiagnosticDescriptor ExpectedReferenceName = new("EXPR026", "'pillar' or 'fact' not followed by '.name'.");
    public static readonly ExpressionDiagnosticDescriptor ReservedWordMisused = new("EXPR027", "A reserved word used where a value is expected.");
    public static readonly ExpressionDiagnosticDescriptor UnmatchedCloseParenthesis = new("EXPR028", "A closing parenthesis without an opening one.");

    // Binder
    public static readonly ExpressionDiagnosticDescriptor UnknownMetric = new("EXPR030", "A name that is neither a metric nor a parameter of the scorecard.");
    public static readonly ExpressionDiagnosticDescriptor UnknownPillar = new("EXPR031", "A pillar id that the scorecard does not define.");
    public static readonly ExpressionDiagnosticDescriptor UnknownFact = new("EXPR032", "A fact that no rule asserts.");
    public static readonly ExpressionDiagnosticDescriptor UnknownFunction = new("EXPR033", "A function the language does not have.");
    public static readonly ExpressionDiagnosticDescriptor WrongArgumentCount = new("EXPR034", "A function called with too few or too many arguments.");
    public static readonly ExpressionDiagnosticDescriptor TypeMismatch = new("EXPR035", "An operand or argument of the wrong type (number, condition, status).");
    public static readonly ExpressionDiagnosticDescriptor ResultTypeMismatch = new("EXPR036", "The expression gives a different type than its place in the scorecard needs.");
    public static readonly ExpressionDiagnosticDescriptor ConstantRequired = new("EXPR037", "An argument that must be a whole-number constant in a range.");
    public static readonly ExpressionDiagnosticDescriptor MetricRequired = new("EXPR038", "score() or status() applied to something other than a metric id.");
    public static readonly ExpressionDiagnosticDescriptor StatusOrdering = new("EXPR039", "Statuses compared with <, <=, > or >= (only == and != apply).");
    public static readonly ExpressionDiagnosticDescriptor FactInHistory = new("EXPR040", "A fact read inside a history function; facts exist for the current period only.");

    // Habits from other languages: a pointed hint, and where it is clear what was meant the lexer
    // reads on as if it had been written so, so that the rest of the formula is still checked.
    public static readonly ExpressionDiagnosticDescriptor ForeignSyntax = new("EXPR050", "Syntax from another language or a spreadsheet ('=>', '**', '? :', '.5', '0,5', quoted names, '//' comments, NaN); the message says how to write it here.");
    public static readonly ExpressionDiagnosticDescriptor LookAlikeCharacter = new("EXPR051", "A character that looks like one of the language's (a Cyrillic, Greek or full-width letter, a typographic sign) but is another; named by its code point.");
    public static readonly ExpressionDiagnosticDescriptor FutureRead = new("EXPR052", "A function that would read a later period (next, lead, future); only the current and earlier periods can be read.");

    public static IReadOnlyList<ExpressionDiagnosticDescriptor> All { get; } =
    [
        UnexpectedCharacter, InvalidNumber, InvalidIdentifier, MisspelledOperator,
        ExpressionTooLong, NestingTooDeep, TooManyArguments, HistoryTooDeep, TooComplex,
        EmptyExpression, ExpectedValue, UnclosedParenthesis, ExpectedCommaOrClose, UnexpectedToken,
        ChainedComparison, ExpectedReferenceName, ReservedWordMisused, UnmatchedCloseParenthesis,
        UnknownMetric, UnknownPillar, UnknownFact, UnknownFunction, WrongArgumentCount, TypeMismatch,
        ResultTypeMismatch, ConstantRequired, MetricRequired, StatusOrdering, FactInHistory,
        ForeignSyntax, LookAlikeCharacter, FutureRead,
    ];
}
