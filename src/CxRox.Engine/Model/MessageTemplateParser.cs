using System.Collections.Immutable;
using System.Text;
using CxRox.Engine.Validation;

namespace CxRox.Engine.Model;

/// <summary>
/// Splits a finding's message into text and <c>{expression}</c> holes. <c>{{</c> and <c>}}</c> stand for
/// literal braces; holes do not nest. Each hole becomes an <see cref="ExpressionSource"/> positioned at
/// its first character.
/// </summary>
internal static class MessageTemplateParser
{
    public static MessageTemplate? Parse(SourceString message, DiagnosticBag diagnostics, List<ExpressionSource> expressions)
    {
        var text = message.Value;
        var parts = ImmutableArray.CreateBuilder<MessagePart>();
        var literal = new StringBuilder();
        var valid = true;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '{' && i + 1 < text.Length && text[i + 1] == '{' || c == '}' && i + 1 < text.Length && text[i + 1] == '}')
            {
                literal.Append(c);
                i += 2;
            }
            else if (c == '}')
            {
                Report(diagnostics, message, i, "has a '}' with no '{' before it; write '}}' for a literal brace.");
                valid = false;
                i++;
            }
            else if (c == '{')
            {
                var close = text.IndexOf('}', i + 1);
                var nested = text.IndexOf('{', i + 1);
                if (close < 0 || nested >= 0 && nested < close)
                {
                    Report(diagnostics, message, i, "has a '{' that is never closed; end the hole with '}', or write '{{' for a literal brace.");
                    valid = false;
                    i++;
                    continue;
                }

                var hole = text[(i + 1)..close];
                if (string.IsNullOrWhiteSpace(hole))
                {
                    Report(diagnostics, message, i, "has an empty hole '{}'; put an expression inside, e.g. {nps}.");
                    valid = false;
                }
                else
                {
                    if (literal.Length > 0)
                    {
                        parts.Add(new MessageText(literal.ToString()));
                        literal.Clear();
                    }

                    var expression = new ExpressionSource(hole, message.Pointer, message.PositionAt(i + 1), message.HasEscapes, ExpressionRole.MessageHole)
                    {
                        Columns = message.Columns.IsDefaultOrEmpty ? [] : message.Columns[(i + 1)..(close + 1)],
                    };
                    expressions.Add(expression);
                    parts.Add(new MessageHole(expression));
                }

                i = close + 1;
            }
            else
            {
                literal.Append(c);
                i++;
            }
        }

        if (literal.Length > 0)
        {
            parts.Add(new MessageText(literal.ToString()));
        }

        return valid ? new MessageTemplate(text, parts.ToImmutable()) : null;
    }

    private static void Report(DiagnosticBag diagnostics, SourceString message, int offset, string problem) =>
        diagnostics.Report(ScorecardDiagnostics.InvalidTemplate, message.Pointer, message.PositionAt(offset), "The message " + problem);
}
