using System.Collections.Frozen;
using System.Text;

namespace CxRox.Engine.Validation;

/// <summary>The id syntax of the format and the expression language's reserved words.</summary>
public static class Identifiers
{
    public const int MaxLength = 64;

    /// <summary>Words the expression language keeps for itself (<see cref="Syntax.LanguageWords.Reserved"/>); no metric, pillar, fact or parameter may use them.</summary>
    public static FrozenSet<string> ReservedWords { get; } = Syntax.LanguageWords.Reserved.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>snake_case: <c>^[a-z][a-z0-9_]*$</c>, at most <see cref="MaxLength"/> characters.</summary>
    public static bool IsSnakeCase(string id) =>
        id.Length is > 0 and <= MaxLength && char.IsAsciiLetterLower(id[0]) && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    /// <summary>Slugs name documents and organizations: <c>^[a-z0-9][a-z0-9_-]*$</c>.</summary>
    public static bool IsSlug(string id) =>
        id.Length is > 0 and <= MaxLength && (char.IsAsciiLetterLower(id[0]) || char.IsAsciiDigit(id[0]))
        && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-');

    /// <summary>Observation keys: <c>^[a-z][a-z0-9_.-]*$</c>, e.g. <c>store.complaints</c>.</summary>
    public static bool IsObservationKey(string key) =>
        key.Length is > 0 and <= 128 && char.IsAsciiLetterLower(key[0])
        && key.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '.' or '-');

    /// <summary>The snake_case spelling closest to <paramref name="id"/>: "First-Contact Rate" becomes "first_contact_rate".</summary>
    public static string ToSnakeCase(string id)
    {
        var text = new StringBuilder();
        var previous = ' ';
        foreach (var c in id.Trim())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (char.IsAsciiLetterUpper(c) && char.IsAsciiLetterLower(previous))
                {
                    text.Append('_');
                }

                text.Append(char.ToLowerInvariant(c));
            }
            else if (text.Length > 0 && text[^1] != '_')
            {
                text.Append('_');
            }

            previous = c;
        }

        var snake = text.ToString().Trim('_');
        return snake.Length == 0 || char.IsAsciiDigit(snake[0]) ? "m_" + snake : snake;
    }
}
