using System.Reflection;
using System.Reflection.Emit;
using CxRox.Engine.Evaluation;
using CxRox.Engine.Rules;

namespace CxRox.Engine.Tests.Rules;

/// <summary>
/// Layers point one way: evaluation runs the rules, the rules know only the frame they read and
/// write (Compilation), the bound expressions (Binding) and the scorecard's words (Model), never
/// the compiled scorecard or the evaluation around them. Checked over every type the Rules
/// namespace declares: its signatures, fields and base types, and every type, method and field
/// its method bodies name.
/// </summary>
public sealed class LayeringTests
{
    private static readonly string RulesNamespace = typeof(RuleLoopException).Namespace!;
    private static readonly string EvaluationNamespace = typeof(CompiledScorecard).Namespace!;

    [Fact]
    public void Rules_ReferenceNothingInEvaluation()
    {
        var offending = RuleTypes()
            .SelectMany(type => ReferencedTypes(type).Where(InEvaluation).Select(used => $"{type.FullName} uses {used.FullName}"))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(offending.Count == 0, "Rules/ must not depend on Evaluation/:\n" + string.Join("\n", offending));
    }

    [Fact]
    public void ReferencedTypes_SeesTypesUsedOnlyInsideMethodBodies()
    {
        // The check above is only as good as what it sees: a local of a type, a call, a field read.
        var used = ReferencedTypes(typeof(BodyOnlyUser)).ToHashSet();

        Assert.Contains(typeof(CompiledScorecardCache), used);
        Assert.Contains(typeof(ScorecardCompiler), used);
    }

    private static IEnumerable<Type> RuleTypes() =>
        typeof(RuleLoopException).Assembly.GetTypes().Where(t => t.Namespace == RulesNamespace);

    private static bool InEvaluation(Type type) => type.Namespace == EvaluationNamespace;

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<Type> ReferencedTypes(Type type)
    {
        var found = new List<Type?> { type.BaseType };
        found.AddRange(type.GetInterfaces());
        found.AddRange(type.GetFields(Declared).Select(f => f.FieldType));
        found.AddRange(type.GetProperties(Declared).Select(p => p.PropertyType));
        found.AddRange(type.GetEvents(Declared).Select(e => e.EventHandlerType));
        var methods = type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared));
        foreach (var method in methods)
        {
            if (method is MethodInfo info)
            {
                found.Add(info.ReturnType);
            }
            found.AddRange(method.GetParameters().Select(p => p.ParameterType));
            var body = method.GetMethodBody();
            if (body is null)
            {
                continue;
            }
            found.AddRange(body.LocalVariables.Select(l => l.LocalType));
            found.AddRange(MembersNamedIn(method, body.GetILAsByteArray() ?? []));
        }
        return found.OfType<Type>().SelectMany(Unwrap).Distinct();
    }

    /// <summary>The declaring types of the members and the types that the method's instructions name by token.</summary>
    private static IEnumerable<Type?> MembersNamedIn(MethodBase method, byte[] il)
    {
        var module = method.Module;
        var typeArguments = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var code = il[at] == 0xFE ? TwoByte[il[at + 1]] : OneByte[il[at]];
            if (code.Size == 0)
            {
                throw new InvalidOperationException($"Unknown IL opcode 0x{il[at]:X2} at {at} in {method.DeclaringType}.{method.Name}.");
            }
            at += code.Size;
            switch (code.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var member = module.ResolveMember(BitConverter.ToInt32(il, at), typeArguments, methodArguments);
                    yield return member as Type ?? member?.DeclaringType;
                    if (member is FieldInfo field)
                    {
                        yield return field.FieldType;
                    }
                    break;
            }
            at += OperandSize(code.OperandType, il, at);
        }
    }

    private static int OperandSize(OperandType operand, byte[] il, int at) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };

    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.HasElementType)
        {
            return Unwrap(type.GetElementType()!);
        }
        return type.IsGenericType && !type.IsGenericTypeDefinition
            ? type.GetGenericArguments().SelectMany(Unwrap).Prepend(type.GetGenericTypeDefinition())
            : [type];
    }

    private static readonly OpCode[] OneByte = OpCodesBy(size: 1);
    private static readonly OpCode[] TwoByte = OpCodesBy(size: 2);

    private static OpCode[] OpCodesBy(int size)
    {
        var table = new OpCode[256];
        foreach (var code in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (OpCode)f.GetValue(null)!).Where(c => c.Size == size))
        {
            table[(ushort)code.Value & 0xFF] = code;
        }
        return table;
    }

    private static class BodyOnlyUser
    {
        public static int Count()
        {
            Func<Engine.Binding.BoundScorecard, string, CompiledScorecard> compile = ScorecardCompiler.Compile;
            return new CompiledScorecardCache(capacity: 1).Count + compile.Method.Name.Length;
        }
    }
}
