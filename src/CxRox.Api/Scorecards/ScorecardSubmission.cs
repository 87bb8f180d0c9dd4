using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CxRox.Engine.Model;
using CxRox.Engine.Scheduling;
using CxRox.Engine.Validation;

namespace CxRox.Api.Scorecards;

/// <summary>
/// A scorecard document as a consultant sent it, checked for a place in the URL: the engine's
/// diagnostics, plus two of the API's own. The URL names the organization and the scorecard, so
/// a document whose "organization" or "id" says otherwise is invalid (API001, API002) rather than
/// silently stored under another name.
/// </summary>
public sealed class ScorecardSubmission
{
    public const string OrganizationMismatch = "API001";
    public const string IdMismatch = "API002";
    public const string NotUtf8 = "API003";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private ScorecardSubmission(string text, string contentHash, Scorecard? scorecard, ImmutableArray<ScorecardDiagnostic> diagnostics)
    {
        Text = text;
        ContentHash = contentHash;
        Scorecard = scorecard;
        Diagnostics = diagnostics;
    }

    /// <summary>The document as text, exactly as sent (a UTF-8 byte order mark aside).</summary>
    public string Text { get; }

    /// <summary>SHA-256 (hex) of the bytes as sent.</summary>
    public string ContentHash { get; }

    /// <summary>The model; null when any diagnostic is an error.</summary>
    public Scorecard? Scorecard { get; }

    public ImmutableArray<ScorecardDiagnostic> Diagnostics { get; }

    public bool IsValid => Scorecard is not null;

    public IEnumerable<ScorecardDiagnostic> Warnings => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning);

    /// <summary>
    /// Reads and checks a document for organization <paramref name="organizationSlug"/> under id
    /// <paramref name="scorecardId"/> (null: any id, as in validate), its schedule against
    /// <paramref name="schedules"/> (the default rules as of now when not given), and its time zone
    /// against the organization's, <paramref name="organizationZone"/>, when given (<see cref="PeriodTimeZone"/>).
    /// </summary>
    public static ScorecardSubmission Read(
        ReadOnlySpan<byte> body, string organizationSlug, string? scorecardId, ScheduleRules? schedules = null, string? organizationZone = null)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(body));
        var withoutBom = body.StartsWith(Encoding.UTF8.Preamble) ? body[Encoding.UTF8.Preamble.Length..] : body;
        string text;
        try
        {
            text = StrictUtf8.GetString(withoutBom);
        }
        catch (DecoderFallbackException e)
        {
            return new ScorecardSubmission("", hash, null,
                [new ScorecardDiagnostic(NotUtf8, DiagnosticSeverity.Error, "", 1, 1, $"The document is not valid UTF-8 (byte {e.Index}).")]);
        }

        var read = ScorecardReader.Read(text, new ScorecardLimits { Schedules = schedules ?? ScheduleRules.For(DateTimeOffset.UtcNow) });
        var own = UrlMismatches(text, organizationSlug, scorecardId);
        if (own.Count == 0)
        {
            var zone = read.Scorecard is { } scorecard && organizationZone is not null ? ZoneWarning(text, scorecard, organizationSlug, organizationZone) : null;
            return new ScorecardSubmission(text, hash, read.Scorecard, zone is null ? read.Diagnostics : InOrder(read.Diagnostics.Add(zone)));
        }
        return new ScorecardSubmission(text, hash, null, InOrder(read.Diagnostics.AddRange(own)));
    }

    private static ImmutableArray<ScorecardDiagnostic> InOrder(ImmutableArray<ScorecardDiagnostic> diagnostics) =>
        diagnostics.Sort((a, b) => (a.Line, a.Column).CompareTo((b.Line, b.Column)));

    private static ScorecardDiagnostic? ZoneWarning(string text, Scorecard scorecard, string organizationSlug, string organizationZone)
    {
        var (line, column) = TopLevelStrings(text).Where(s => s.Name == "timezone").Select(s => (s.Line, s.Column)).FirstOrDefault((1, 1));
        return PeriodTimeZone.Warning(scorecard, organizationSlug, organizationZone, line, column);
    }

    private static List<ScorecardDiagnostic> UrlMismatches(string text, string organizationSlug, string? scorecardId)
    {
        var found = new List<ScorecardDiagnostic>();
        foreach (var (name, value, line, column) in TopLevelStrings(text))
        {
            if (name == "organization" && value != organizationSlug)
            {
                found.Add(new ScorecardDiagnostic(OrganizationMismatch, DiagnosticSeverity.Error, "/organization", line, column,
                    $"The document is for organization '{value}' but is sent to organization '{organizationSlug}'; the URL decides, so make them equal."));
            }
            else if (name == "id" && scorecardId is not null && value != scorecardId)
            {
                found.Add(new ScorecardDiagnostic(IdMismatch, DiagnosticSeverity.Error, "/id", line, column,
                    $"The document's id is '{value}' but it is sent to scorecard '{scorecardId}'; the URL decides, so make them equal."));
            }
        }
        return found;
    }

    /// <summary>The root object's string properties with the 1-based line and column of each value; none when the text is not JSON.</summary>
    private static List<(string Name, string Value, int Line, int Column)> TopLevelStrings(string text)
    {
        var result = new List<(string, string, int, int)>();
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            string? property = null;
            while (reader.Read())
            {
                if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName)
                {
                    property = reader.GetString();
                }
                else if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.String && property is not null)
                {
                    var (line, column) = Position(bytes, (int)reader.TokenStartIndex);
                    result.Add((property, reader.GetString()!, line, column));
                    property = null;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not JSON, or a string that cannot be decoded (an escaped lone surrogate): the engine
            // says where; a mismatch with the URL would only add noise.
            return [];
        }
        return result;
    }

    // Columns count characters, not bytes, as the engine's do.
    private static (int Line, int Column) Position(byte[] bytes, int offset)
    {
        var before = Encoding.UTF8.GetString(bytes, 0, offset);
        var lineStart = before.LastIndexOf('\n') + 1;
        return (before.Count(c => c == '\n') + 1, before.Length - lineStart + 1);
    }
}
