using System.Globalization;

namespace CxRox.Engine.Validation;

/// <summary>Where and why a text cannot be stored: the index of the first bad character and a sentence saying what it is.</summary>
public readonly record struct UnstorableCharacter(int Index, string Reason);

/// <summary>
/// Text that PostgreSQL can store and any client can read back: no NUL (U+0000, which a
/// PostgreSQL text or jsonb value cannot hold) and no lone UTF-16 surrogate (half of a pair,
/// which has no UTF-8 form). Every way text enters the service (query strings, route values,
/// stored headers, JSON bodies, scorecard documents, CSV and NDJSON rows) is checked with this
/// one rule, so that such text is refused where it arrives, naming the field, rather than failing
/// in the database.
/// </summary>
public static class StorableText
{
    /// <summary>
    /// What a JSON reader meets before any text exists: an escape of half a pair ("\ud800"),
    /// which it cannot decode. Said after what holds it: "the string …", "a property name …".
    /// </summary>
    public const string EscapedLoneSurrogate = "holds an escaped lone UTF-16 surrogate (\\ud800 to \\udfff without its pair), which has no UTF-8 form";

    /// <summary>The first character that cannot be stored; null when the text is storable.</summary>
    public static UnstorableCharacter? Find(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return new UnstorableCharacter(i, $"holds a NUL character (U+0000) at position {Position(i)}, which cannot be stored");
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++; // a whole pair: one character outside the Basic Multilingual Plane
            }
            else if (char.IsSurrogate(c))
            {
                return new UnstorableCharacter(i, $"holds a lone UTF-16 surrogate (U+{(int)c:X4}) at position {Position(i)}, half of a character that has no UTF-8 form");
            }
        }
        return null;
    }

    /// <summary>Positions in messages count from 1, as columns do.</summary>
    private static string Position(int index) => (index + 1).ToString(CultureInfo.InvariantCulture);
}
