using System.Collections.Frozen;
using CxRox.Engine.Validation;

namespace CxRox.Engine.Time;

/// <summary>
/// IANA time zone ids as the tz database spells them. .NET's own lookup cannot decide spelling:
/// <see cref="TimeZoneInfo.FindSystemTimeZoneById"/> caches every zone it has found under a
/// case-insensitive key, but on Linux finds a zone it has not cached yet by its file name, which
/// is case-sensitive. So 'europe/warsaw' is found once anything in the process has looked up
/// 'Europe/Warsaw', and not found after a restart. Ids are matched here against the database's
/// own list instead, the same in every process.
/// </summary>
public static class IanaTimeZones
{
    // .NET reads the tz database from $TZDIR, else from here.
    private const string DefaultZoneFolder = "/usr/share/zoneinfo";

    private static readonly Lazy<FrozenDictionary<string, string>> SpellingByFoldedId = new(ReadIds);

    /// <summary>Every zone id known here, as spelled in the tz database.</summary>
    public static IEnumerable<string> All => SpellingByFoldedId.Value.Values;

    /// <summary>
    /// The id as the tz database spells it when <paramref name="id"/> names one of its zones in
    /// any letter case ('europe/warsaw' gives 'Europe/Warsaw'); null when it names none.
    /// </summary>
    public static string? Spelling(string? id) =>
        !string.IsNullOrWhiteSpace(id) && SpellingByFoldedId.Value.TryGetValue(id, out var spelling) ? spelling : null;

    /// <summary>Whether <paramref name="id"/> is a zone id spelled exactly as the tz database spells it.</summary>
    public static bool IsSpelledExactly(string? id) => id is not null && Spelling(id) == id;

    /// <summary>
    /// Why <paramref name="id"/> is not accepted as a time zone; null when it is a zone id spelled
    /// exactly as the tz database spells it. What is accepted here is found by every later start.
    /// </summary>
    public static string? Refusal(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return "An IANA time zone is required, such as Europe/Warsaw.";
        }

        if (Spelling(id) is { } spelling)
        {
            return spelling == id ? null : $"'{id}' is not spelled as the IANA time zone is; write '{spelling}' (zone names are case-sensitive).";
        }

        // .NET converts Windows names to zones, but PostgreSQL knows none of them.
        return TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var iana)
            ? $"'{id}' is a Windows time zone name; write the IANA name '{iana}'."
            : $"'{id}' is not a known IANA time zone (such as Europe/Warsaw or America/New_York).{Suggestions.DidYouMean(id, All)}";
    }

    /// <summary>
    /// The zone a stored id names, in whatever letter case it was stored (older builds accepted
    /// 'europe/warsaw' when the lookup cache happened to allow it).
    /// </summary>
    public static TimeZoneInfo Find(string id) => TimeZoneInfo.FindSystemTimeZoneById(Spelling(id) ?? id);

    private static FrozenDictionary<string, string> ReadIds()
    {
        var ids = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var zone in TimeZoneInfo.GetSystemTimeZones())
        {
            if (zone.HasIanaId)
            {
                ids.TryAdd(zone.Id, zone.Id);
            }
        }

        // The list above holds the canonical zones only; links such as US/Eastern or Europe/Kiev
        // are files of the database too, and .NET finds them by name.
        var folder = Environment.GetEnvironmentVariable("TZDIR") is { Length: > 0 } configured ? configured : DefaultZoneFolder;
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                var id = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
                if (IsZoneName(id) && IsZoneFile(file))
                {
                    ids.TryAdd(id, id);
                }
            }
        }

        return ids.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Files of the folder that are compiled zones but no zone's name: the host's own zone, the
    /// default rules and the placeholder zone, and the 'posix/' and 'right/' copies of the whole
    /// database (the latter counting leap seconds, which neither .NET nor PostgreSQL applies).
    /// </summary>
    private static bool IsZoneName(string id) =>
        id is not ("localtime" or "posixrules" or "Factory")
        && !id.StartsWith("posix/", StringComparison.Ordinal)
        && !id.StartsWith("right/", StringComparison.Ordinal);

    private static bool IsZoneFile(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            Span<byte> magic = stackalloc byte[4];
            return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual("TZif"u8);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
