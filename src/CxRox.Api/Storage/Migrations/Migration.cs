using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace CxRox.Api.Storage.Migrations;

/// <summary>One numbered SQL file from Storage/Sql, embedded in the assembly.</summary>
public sealed record Migration(int Version, string Name, string Sql)
{
    private const string ResourcePrefix = "CxRox.Migrations.";

    /// <summary>SHA-256 of the text with line endings normalised, so a checkout with CRLF endings still matches.</summary>
    public string Checksum { get; } = Convert.ToHexStringLower(
        SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));

    public string FileName => $"{Version:000}_{Name}.sql";

    public static IReadOnlyList<Migration> Embedded() => Load(typeof(Migration).Assembly);

    public static IReadOnlyList<Migration> Load(Assembly assembly)
    {
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(name => Parse(name[ResourcePrefix.Length..], ReadResource(assembly, name)))
            .OrderBy(m => m.Version)
            .ToList();
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? migrations
            : throw new InvalidOperationException(
                $"Two migrations share number {duplicate.Key}: {string.Join(", ", duplicate.Select(m => m.FileName))}.");
    }

    /// <summary>Parses a file name of the form NNN_name.sql.</summary>
    public static Migration Parse(string fileName, string sql)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var separator = stem.IndexOf('_', StringComparison.Ordinal);
        return separator > 0 && int.TryParse(stem.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? new Migration(version, stem[(separator + 1)..], sql)
            : throw new InvalidOperationException($"Migration file '{fileName}' is not named NNN_name.sql.");
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
