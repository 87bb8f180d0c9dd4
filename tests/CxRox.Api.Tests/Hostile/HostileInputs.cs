namespace CxRox.Api.Tests.Hostile;

/// <summary>The hostile values the generator puts in each place, as the text that goes on the wire there.</summary>
public static class HostileInputs
{
    /// <summary>A path segment or query value, URL-escaped: NUL, lone surrogates (as the CESU-8 bytes they would need), overlong UTF-8, huge and odd numbers, traversal.</summary>
    public static readonly string[] UrlValues =
    [
        "%00", "a%00b", "%00%00", "%ED%A0%80", "x%ED%B0%80", "%C0%80", "%FF%FE", "%F0%9F%98%80",
        new('x', 3_000), "-1", "0", "99999999999999999999", "-99999999999999999999", "1e400", "NaN", "Infinity",
        "%20", "%2F", "..", "%25", "%0A", "%E2%80%AE", "true", "2026-02-30", "9999-12-31", "0001-01-01",
    ];

    /// <summary>JSON text put in place of a string value of a body.</summary>
    public static readonly string[] JsonForString =
    [
        "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"x\\udc00\"", "\"\\ud800\\u0041\"", "\"\\udfff\\ud800\"",
        "\"" + new string('x', 100_000) + "\"", "12345678901234567890", "1e400", "-1", "true", "{}", "[]", "null", "\"\"", "\"\\uffff\"",
    ];

    /// <summary>JSON text put in place of a number or boolean of a body.</summary>
    public static readonly string[] JsonForNumber =
    [
        "1e400", "-1e400", "1e-400", "12345678901234567890", "-12345678901234567890", "1.5", "-1", "0", "\"1\"", "\"\\u0000\"", "null", "[]", "{}",
    ];

    /// <summary>A CSV cell as sent (the body is UTF-8).</summary>
    public static readonly string[] CsvCells =
    [
        "\0", "a\0b", "1e400", "12345678901234567890", "-1", new('x', 10_000), "\"unclosed", "a\"b", "=1+1", "\uFFFD", "",
    ];

    public static readonly string?[] ContentTypes =
    [
        null, "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
        "application/json; charset=utf-16", "application/json; charset=\"", "garbage", "*/*", "text/csv", "application/x-ndjson",
    ];

    public static readonly string[] Accepts =
    [
        "application/xml", "text/html", "image/png", "garbage;;", "*/*;q=abc", "application/json;q=0", "text/csv", "application/x-ndjson", "application/problem+xml",
    ];

    /// <summary>Values for If-Match, If-None-Match and Idempotency-Key.</summary>
    public static readonly string[] HeaderValues = ["\"v999\"", "*", "garbage", "W/\"1\"", "\"\"", "a\0b", new('k', 5_000)];

    /// <summary>JSON nested 10,000 levels deep.</summary>
    public static string DeepArray(int depth) => new string('[', depth) + new string(']', depth);

    public static string DeepObject(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
}
