using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CxRox.Testing;

/// <summary>
/// Approval testing: output is compared with a checked-in <c>*.verified.*</c> file beside the
/// test's source. On a mismatch the output is written to <c>*.received.*</c> beside it and the
/// test fails with a line diff; approving means renaming received to verified (or running the
/// tests once with CXROX_APPROVE=1 outside CI).
/// </summary>
public static class Approval
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Verifies JSON, re-indented so that formatting differences do not count.</summary>
    public static void VerifyJson(
        string json, string? name = null, [CallerFilePath] string sourceFile = "", [CallerMemberName] string testName = "")
    {
        var normalized = JsonNode.Parse(json)?.ToJsonString(Indented) ?? "null";
        Verify(normalized, "json", name, sourceFile, testName);
    }

    public static void Verify(
        string text, string extension, string? name = null, [CallerFilePath] string sourceFile = "", [CallerMemberName] string testName = "")
    {
        var stem = Path.Combine(
            Path.GetDirectoryName(sourceFile)!,
            $"{Path.GetFileNameWithoutExtension(sourceFile)}.{testName}{(name is null ? "" : "." + name)}");
        VerifyFile(stem, extension, text);
    }

    /// <summary>Verifies against <paramref name="stem"/>.verified.<paramref name="extension"/>.</summary>
    public static void VerifyFile(string stem, string extension, string text) =>
        Compare($"{stem}.verified.{extension}", $"{stem}.received.{extension}", text);

    /// <summary>
    /// Verifies against a file kept under a name of its own, such as an example published in the
    /// repository's docs; a mismatch is written beside it as name.received.extension.
    /// </summary>
    public static void VerifyPublished(string path, string text) =>
        Compare(path, Path.ChangeExtension(path, ".received" + Path.GetExtension(path)), text);

    private static void Compare(string verifiedPath, string receivedPath, string text)
    {
        var received = Normalize(text);

        if (File.Exists(verifiedPath) && Normalize(File.ReadAllText(verifiedPath)) == received)
        {
            File.Delete(receivedPath);
            return;
        }
        if (Environment.GetEnvironmentVariable("CXROX_APPROVE") == "1" && Environment.GetEnvironmentVariable("CI") is null)
        {
            File.WriteAllText(verifiedPath, received);
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received);
        if (!File.Exists(verifiedPath))
        {
            throw new ApprovalException(
                $"Nothing approved yet for {Path.GetFileName(verifiedPath)}. Review {receivedPath} and, if it is right, rename it to {Path.GetFileName(verifiedPath)}.");
        }
        var diff = LineDiff.Describe(Normalize(File.ReadAllText(verifiedPath)), received);
        throw new ApprovalException(
            $"The output differs from {Path.GetFileName(verifiedPath)} (- approved, + received; the output is in {receivedPath}):{Environment.NewLine}{diff}");
    }

    private static string Normalize(string text)
    {
        var lines = text.ReplaceLineEndings("\n").TrimEnd('\n');
        return lines + "\n";
    }
}

public sealed class ApprovalException(string message) : Exception(message);
