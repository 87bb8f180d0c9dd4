using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CxRox.Engine.Binding;
using CxRox.Engine.Compilation;
using CxRox.Engine.Language;
using CxRox.Engine.Rules;
using CxRox.Engine.Syntax;
using CxRox.Engine.Tests.Samples;
using CxRox.Testing;

namespace CxRox.Engine.Tests.Language;

/// <summary>
/// The function and operator tables agree with everything built from them or beside them: the
/// binder and both evaluators (every documented example gives its documented result, compiled and
/// interpreted), the parser's precedence, the reserved words of the JSON Schema, the scorecard
/// budget's cost model and the generated scorecards/LANGUAGE.md.
/// </summary>
public class LanguageTableTests
{
    // The first value names where the example is documented: the same expression may serve a
    // function and an operator, and each must stay a case of its own rather than be skipped.
    public static TheoryData<string, string, string> FunctionExamples()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var function in LanguageFunctions.All)
        {
            foreach (var example in function.Examples)
            {
                data.Add($"{function.Name}()", example.Expression, example.Result);
            }
        }
        return data;
    }

    public static TheoryData<string, string, string> OperatorExamples()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var op in LanguageOperators.All)
        {
            data.Add($"operator {op.Spellings[0]}", op.Example, op.ExampleResult);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FunctionExamples))]
    [MemberData(nameof(OperatorExamples))]
    public void Example_CompiledAndInterpreted_GiveTheDocumentedResult(string documentedUnder, string expression, string documented)
    {
        _ = documentedUnder; // only names the case
        var bound = Bind(expression);
        var frame = ExampleWorld.Frame();

        var (interpreted, compiled) = Evaluate(bound, frame);

        Assert.Equal(documented, interpreted);
        Assert.Equal(documented, compiled);
    }

    [Fact]
    public void Functions_EachHasExamplesCallingIt_AndUniqueNames()
    {
        Assert.Equal(LanguageFunctions.All.Length, LanguageFunctions.Names.Distinct().Count());
        Assert.All(LanguageFunctions.All, f =>
        {
            Assert.NotEmpty(f.Examples);
            Assert.All(f.Examples, e => Assert.Contains(f.Name + "(", e.Expression, StringComparison.Ordinal));
            Assert.Equal(f.History is not null, f.Group == FunctionGroup.History);
        });
    }

    [Fact]
    public void Functions_ExamplesReachEveryRuntimeFunction()
    {
        var reached = LanguageFunctions.All.SelectMany(f => f.Examples)
            .SelectMany(e => Nodes(Bind(e.Expression)))
            .OfType<BoundCall>().Select(c => c.Function).ToHashSet();

        Assert.Equal(Enum.GetValues<BoundFunction>().ToHashSet(), reached);
    }

    [Fact]
    public void Functions_CalledOutsideTheirArity_AreRefusedWithTheirArity()
    {
        foreach (var function in LanguageFunctions.All)
        {
            var tooFew = string.Join(", ", Enumerable.Repeat("nps", function.MinArguments - 1));
            var diagnostic = Assert.Single(ExpressionBinder.Bind($"{function.Name}({tooFew})", ExampleWorld.Scope(), null).Diagnostics);
            Assert.Equal("EXPR034", diagnostic.Code);
            if (!function.TakesAnyNumber)
            {
                var tooMany = string.Join(", ", Enumerable.Repeat("1", function.MaxArguments + 1));
                Assert.Equal("EXPR034", Assert.Single(ExpressionBinder.Bind($"{function.Name}({tooMany})", ExampleWorld.Scope(), null).Diagnostics).Code);
            }
        }
    }

    /// <summary>The budget counts nodes before binding, from each function's shape: never fewer than binding makes.</summary>
    [Theory]
    [MemberData(nameof(FunctionExamples))]
    public void Example_CostFromSyntax_CoversTheBoundTree(string documentedUnder, string expression, string documented)
    {
        _ = (documentedUnder, documented); // only name the case
        var syntax = ExpressionParser.Parse(expression).Root;

        Assert.True(ExpressionCost.Nodes(syntax) >= BoundTree.NodeCount(Bind(expression)));
        Assert.Equal(ExpressionCost.Reach(syntax), BoundTree.MaxPeriodOffset(Bind(expression)));
    }

    [Fact]
    public void Operators_BindAsTheirLevelsSay()
    {
        var binary = LanguageOperators.All.Where(o => o.Binary is not null).ToList();
        foreach (var loose in binary)
        {
            foreach (var tight in binary.Where(o => o.Level > loose.Level))
            {
                foreach (var text in new[] { $"a {loose.Spellings[0]} b {tight.Spellings[0]} c", $"a {tight.Spellings[0]} b {loose.Spellings[0]} c" })
                {
                    var root = Assert.IsType<BinarySyntax>(ExpressionParser.Parse(text).Root);
                    Assert.True(loose.Binary == root.Operator, $"'{text}' should group around '{loose.Spellings[0]}', not '{ExpressionPrinter.OperatorText(root.Operator)}'.");
                }
            }
            foreach (var prefix in LanguageOperators.All.Where(o => o.Unary is not null))
            {
                var text = $"{prefix.Spellings[0]} a {loose.Spellings[0]} b";
                var root = ExpressionParser.Parse(text).Root;
                var prefixWins = prefix.Level > loose.Level;
                Assert.True(prefixWins ? root is BinarySyntax : root is UnarySyntax, $"'{text}' groups the wrong way for levels {prefix.Level} and {loose.Level}.");
            }
        }
    }

    [Fact]
    public void Operators_EverySpellingParsesToItsNode()
    {
        foreach (var op in LanguageOperators.All)
        {
            foreach (var spelling in op.Spellings)
            {
                var parsed = ExpressionParser.Parse(op.Binary is not null ? $"a {spelling} b" : $"{spelling} a");
                Assert.Empty(parsed.Diagnostics);
                if (op.Binary is { } binary)
                {
                    Assert.Equal(binary, Assert.IsType<BinarySyntax>(parsed.Root).Operator);
                }
                else
                {
                    Assert.Equal(op.Unary, Assert.IsType<UnarySyntax>(parsed.Root).Operator);
                }
            }
        }
        Assert.Subset(LanguageWords.Keywords.ToHashSet(), LanguageOperators.Words.ToHashSet());
        Assert.Equal(Enum.GetValues<BinaryOperator>().ToHashSet(), LanguageOperators.All.Where(o => o.Binary is not null).Select(o => o.Binary!.Value).ToHashSet());
    }

    [Fact]
    public void Schema_ReservesExactlyTheLanguagesWords()
    {
        var schema = JsonNode.Parse(ScorecardSchemaTests.SchemaText())!;
        var reserved = schema["$defs"]!["snakeId"]!["not"]!["enum"]!.AsArray().Select(w => w!.GetValue<string>()).ToList();

        Assert.Equal(LanguageWords.Reserved.Order(StringComparer.Ordinal), reserved.Order(StringComparer.Ordinal));
        Assert.Equal(LanguageWords.Reserved.Order(StringComparer.Ordinal), CxRox.Engine.Validation.Identifiers.ReservedWords.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void LanguageMd_IsWhatTheTablesSay()
    {
        Approval.VerifyPublished(RepositoryFile(LanguageReference.RepositoryPath), LanguageReference.Write());
    }

    private static BoundExpression Bind(string expression)
    {
        var result = ExpressionBinder.Bind(expression, ExampleWorld.Scope(), null);
        Assert.True(result.Succeeded, $"{expression}: {string.Join("; ", result.Diagnostics.Select(d => d.Message))}");
        return result.Expression!;
    }

    private static (string Interpreted, string Compiled) Evaluate(BoundExpression bound, EvaluationFrame frame) =>
        bound.Kind == ValueKind.Boolean
            ? (Text(ExpressionInterpreter.EvaluateCondition(bound, frame)), Text(ExpressionCompiler.CompileCondition(bound)(frame)))
            : (ValueText.Format(ExpressionInterpreter.EvaluateNumber(bound, frame), bound.Kind),
                ValueText.Format(ExpressionCompiler.CompileNumber(bound)(frame), bound.Kind));

    private static string Text(bool condition) => condition ? "true" : "false";

    private static IEnumerable<BoundExpression> Nodes(BoundExpression root) =>
        BoundTree.Children(root).SelectMany(Nodes).Prepend(root);

    private static string RepositoryFile(string path, [CallerFilePath] string sourceFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", "..", path));
}
