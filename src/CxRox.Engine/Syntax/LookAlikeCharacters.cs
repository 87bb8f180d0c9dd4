using System.Collections.Frozen;
using System.Globalization;

namespace CxRox.Engine.Syntax;

/// <summary>
/// Characters that look like one of the language's but are not: Cyrillic and Greek letters that a
/// keyboard layout or a copied document slips into a name, full-width forms from East Asian input
/// methods, and typographic signs a word processor substitutes. Each stands for exactly one ASCII
/// character, so the lexer can read on with the ASCII one at the same position and the rest of the
/// formula is still checked. Names are the Unicode character names, so a consultant can search them.
/// </summary>
internal static class LookAlikeCharacters
{
    private static readonly FrozenDictionary<char, (char Ascii, string Name)> Named = new Dictionary<char, (char, string)>
    {
        ['\u0430'] = ('a', "CYRILLIC SMALL LETTER A"),
        ['\u0435'] = ('e', "CYRILLIC SMALL LETTER IE"),
        ['\u043E'] = ('o', "CYRILLIC SMALL LETTER O"),
        ['\u0440'] = ('p', "CYRILLIC SMALL LETTER ER"),
        ['\u0441'] = ('c', "CYRILLIC SMALL LETTER ES"),
        ['\u0443'] = ('y', "CYRILLIC SMALL LETTER U"),
        ['\u0445'] = ('x', "CYRILLIC SMALL LETTER HA"),
        ['\u0455'] = ('s', "CYRILLIC SMALL LETTER DZE"),
        ['\u0456'] = ('i', "CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I"),
        ['\u0458'] = ('j', "CYRILLIC SMALL LETTER JE"),
        ['\u04BB'] = ('h', "CYRILLIC SMALL LETTER SHHA"),
        ['\u04CF'] = ('l', "CYRILLIC SMALL LETTER PALOCHKA"),
        ['\u0501'] = ('d', "CYRILLIC SMALL LETTER KOMI DE"),
        ['\u051B'] = ('q', "CYRILLIC SMALL LETTER QA"),
        ['\u051D'] = ('w', "CYRILLIC SMALL LETTER WE"),
        ['\u0410'] = ('A', "CYRILLIC CAPITAL LETTER A"),
        ['\u0412'] = ('B', "CYRILLIC CAPITAL LETTER VE"),
        ['\u0415'] = ('E', "CYRILLIC CAPITAL LETTER IE"),
        ['\u041A'] = ('K', "CYRILLIC CAPITAL LETTER KA"),
        ['\u041C'] = ('M', "CYRILLIC CAPITAL LETTER EM"),
        ['\u041D'] = ('H', "CYRILLIC CAPITAL LETTER EN"),
        ['\u041E'] = ('O', "CYRILLIC CAPITAL LETTER O"),
        ['\u0420'] = ('P', "CYRILLIC CAPITAL LETTER ER"),
        ['\u0421'] = ('C', "CYRILLIC CAPITAL LETTER ES"),
        ['\u0422'] = ('T', "CYRILLIC CAPITAL LETTER TE"),
        ['\u0425'] = ('X', "CYRILLIC CAPITAL LETTER HA"),
        ['\u03B1'] = ('a', "GREEK SMALL LETTER ALPHA"),
        ['\u03B9'] = ('i', "GREEK SMALL LETTER IOTA"),
        ['\u03BA'] = ('k', "GREEK SMALL LETTER KAPPA"),
        ['\u03BD'] = ('v', "GREEK SMALL LETTER NU"),
        ['\u03BF'] = ('o', "GREEK SMALL LETTER OMICRON"),
        ['\u03C1'] = ('p', "GREEK SMALL LETTER RHO"),
        ['\u03C5'] = ('u', "GREEK SMALL LETTER UPSILON"),
        ['\u0391'] = ('A', "GREEK CAPITAL LETTER ALPHA"),
        ['\u0392'] = ('B', "GREEK CAPITAL LETTER BETA"),
        ['\u0395'] = ('E', "GREEK CAPITAL LETTER EPSILON"),
        ['\u0397'] = ('H', "GREEK CAPITAL LETTER ETA"),
        ['\u0399'] = ('I', "GREEK CAPITAL LETTER IOTA"),
        ['\u039A'] = ('K', "GREEK CAPITAL LETTER KAPPA"),
        ['\u039C'] = ('M', "GREEK CAPITAL LETTER MU"),
        ['\u039D'] = ('N', "GREEK CAPITAL LETTER NU"),
        ['\u039F'] = ('O', "GREEK CAPITAL LETTER OMICRON"),
        ['\u03A1'] = ('P', "GREEK CAPITAL LETTER RHO"),
        ['\u03A4'] = ('T', "GREEK CAPITAL LETTER TAU"),
        ['\u03A7'] = ('X', "GREEK CAPITAL LETTER CHI"),
        ['\u2212'] = ('-', "MINUS SIGN"),
        ['\u2013'] = ('-', "EN DASH"),
        ['\u00D7'] = ('*', "MULTIPLICATION SIGN"),
        ['\u00F7'] = ('/', "DIVISION SIGN"),
    }.ToFrozenDictionary();

    // Typographic quotes become plain ones without a look-alike report: quotes have no place in a
    // formula at all, and the lexer's quoted-name hint says so once.
    private static readonly FrozenDictionary<char, char> Quotes = new Dictionary<char, char>
    {
        ['\u2018'] = '\'', ['\u2019'] = '\'', ['\u201C'] = '"', ['\u201D'] = '"',
    }.ToFrozenDictionary();

    // The Unicode names of the printable ASCII symbols, '!' to '~' without letters and digits; a
    // full-width form is named "FULLWIDTH " + the name of the character it copies.
    private static readonly FrozenDictionary<char, string> SymbolNames = new Dictionary<char, string>
    {
        ['!'] = "EXCLAMATION MARK", ['"'] = "QUOTATION MARK", ['#'] = "NUMBER SIGN", ['$'] = "DOLLAR SIGN",
        ['%'] = "PERCENT SIGN", ['&'] = "AMPERSAND", ['\''] = "APOSTROPHE", ['('] = "LEFT PARENTHESIS",
        [')'] = "RIGHT PARENTHESIS", ['*'] = "ASTERISK", ['+'] = "PLUS SIGN", [','] = "COMMA",
        ['-'] = "HYPHEN-MINUS", ['.'] = "FULL STOP", ['/'] = "SOLIDUS", [':'] = "COLON", [';'] = "SEMICOLON",
        ['<'] = "LESS-THAN SIGN", ['='] = "EQUALS SIGN", ['>'] = "GREATER-THAN SIGN", ['?'] = "QUESTION MARK",
        ['@'] = "COMMERCIAL AT", ['['] = "LEFT SQUARE BRACKET", ['\\'] = "REVERSE SOLIDUS", [']'] = "RIGHT SQUARE BRACKET",
        ['^'] = "CIRCUMFLEX ACCENT", ['_'] = "LOW LINE", ['`'] = "GRAVE ACCENT", ['{'] = "LEFT CURLY BRACKET",
        ['|'] = "VERTICAL LINE", ['}'] = "RIGHT CURLY BRACKET", ['~'] = "TILDE",
    }.ToFrozenDictionary();

    private static readonly string[] DigitNames = ["ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE"];

    // U+FF01..U+FF5E are the full-width forms of U+0021..U+007E, in the same order.
    private const char FullWidthFirst = '\uFF01';
    private const char FullWidthLast = '\uFF5E';
    private const int FullWidthOffset = 0xFEE0;

    /// <summary>
    /// <paramref name="text"/> with every look-alike replaced by the ASCII character it imitates
    /// (the same length, so spans hold for both), reporting each distinct look-alike once.
    /// </summary>
    public static string Fold(string text, ICollection<ExpressionDiagnostic> diagnostics)
    {
        char[]? folded = null;
        HashSet<char>? reported = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                continue;
            }

            if (Quotes.TryGetValue(c, out var quote))
            {
                (folded ??= text.ToCharArray())[i] = quote;
                continue;
            }

            if (Describe(c) is not { } lookAlike)
            {
                continue;
            }

            (folded ??= text.ToCharArray())[i] = lookAlike.Ascii;
            if ((reported ??= []).Add(c))
            {
                var code = string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}");
                diagnostics.Add(new(DiagnosticCatalogue.LookAlikeCharacter,
                    $"{code} {lookAlike.Name} looks like '{lookAlike.Ascii}' but is another character; type '{lookAlike.Ascii}' instead.",
                    new TextSpan(i, 1)));
            }
        }

        return folded is null ? text : new string(folded);
    }

    private static (char Ascii, string Name)? Describe(char c)
    {
        if (Named.TryGetValue(c, out var named))
        {
            return named;
        }

        if (c is < FullWidthFirst or > FullWidthLast)
        {
            return null;
        }

        var ascii = (char)(c - FullWidthOffset);
        var name = ascii switch
        {
            >= 'A' and <= 'Z' => $"LATIN CAPITAL LETTER {ascii}",
            >= 'a' and <= 'z' => $"LATIN SMALL LETTER {char.ToUpperInvariant(ascii)}",
            >= '0' and <= '9' => $"DIGIT {DigitNames[ascii - '0']}",
            _ => SymbolNames[ascii],
        };
        return (ascii, "FULLWIDTH " + name);
    }
}
