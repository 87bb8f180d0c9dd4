using System.Text.RegularExpressions;

namespace CxRox.Api.Tests.Documentation;

/// <summary>
/// The repository explains itself: its documents and comments point only at files inside it,
/// so a clone read on its own is complete (the domain's definitions are docs/domain.md).
/// </summary>
public sealed partial class RepositoryReferencesTests
{
    private static readonly string Root = FindRoot();

    // The folders the repository's own text lives in; build output and tools' folders are not its text.
    private static readonly string[] Folders = ["src", "tests", "docs", "scorecards"];
    private static readonly string[] TextExtensions = [".md", ".cs", ".json", ".sql", ".csproj", ".props", ".yml", ".css", ".html"];

    private static string FindRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "CxRox.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new InvalidOperationException($"No CxRox.sln above {AppContext.BaseDirectory}.");
    }

    private static IEnumerable<string> TextFiles() =>
        Folders.SelectMany(f => Directory.EnumerateFiles(Path.Combine(Root, f), "*", SearchOption.AllDirectories))
            .Where(path => TextExtensions.Contains(Path.GetExtension(path)))
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules" or ".cxrox"))
            .Concat(Directory.EnumerateFiles(Root, "*.md"))
            .Append(Path.Combine(Root, "Dockerfile"));

    [Fact]
    public void NoFile_NamesADocumentOutsideTheRepository()
    {
        // Spelt in two parts so that this file does not name them itself.
        string[] outside = ["../" + "shared/", "ROX-" + "DOMAIN"];

        var found = TextFiles()
            .SelectMany(path => File.ReadLines(path).Select((line, i) => (path, line, number: i + 1)))
            .Where(l => outside.Any(o => l.line.Contains(o, StringComparison.Ordinal)))
            .Select(l => $"{Path.GetRelativePath(Root, l.path)}:{l.number}: {l.line.Trim()}")
            .ToList();

        Assert.Empty(found);
    }

    [Fact]
    public void EveryRelativeLinkInTheDocuments_LeadsToAFileOfTheRepository()
    {
        var broken = TextFiles().Where(path => Path.GetExtension(path) == ".md")
            .SelectMany(path => MarkdownLink().Matches(File.ReadAllText(path)).Select(m => (path, target: m.Groups["target"].Value)))
            .Where(l => !l.target.Contains("://", StringComparison.Ordinal) && !l.target.StartsWith('#') && !l.target.StartsWith("mailto:", StringComparison.Ordinal))
            .Select(l => (l.path, l.target, resolved: Path.GetFullPath(Path.Combine(Path.GetDirectoryName(l.path)!, l.target.Split('#')[0]))))
            .Where(l => !l.resolved.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !Path.Exists(l.resolved))
            .Select(l => $"{Path.GetRelativePath(Root, l.path)} -> {l.target}")
            .ToList();

        Assert.Empty(broken);
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}
