using CxRox.Testing;

namespace CxRox.Api.Tests.Infrastructure;

public sealed class ApprovalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cxrox-approval-").FullName;

    private string Stem => Path.Combine(_folder, "Result");

    [Fact]
    public void Verify_SameTextAsApproved_PassesAndLeavesNoReceivedFile()
    {
        File.WriteAllText(Stem + ".verified.json", "{\r\n  \"a\": 1\r\n}\r\n");

        Approval.VerifyFile(Stem, "json", "{\n  \"a\": 1\n}");

        Assert.False(File.Exists(Stem + ".received.json"));
    }

    [Fact]
    public void Verify_DifferentText_FailsWithLineDiffAndWritesReceived()
    {
        File.WriteAllText(Stem + ".verified.json", "{\n  \"nps\": 41,\n  \"csat\": 82,\n  \"ces\": 5.1\n}\n");

        var error = Assert.Throws<ApprovalException>(() =>
            Approval.VerifyFile(Stem, "json", "{\n  \"nps\": 41,\n  \"csat\": 79,\n  \"ces\": 5.1\n}\n"));

        Assert.Contains("-    3 |   \"csat\": 82,", error.Message, StringComparison.Ordinal);
        Assert.Contains("+    3 |   \"csat\": 79,", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"csat\": 79", File.ReadAllText(Stem + ".received.json"), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_NothingApprovedYet_FailsAndWritesReceivedForReview()
    {
        var error = Assert.Throws<ApprovalException>(() => Approval.VerifyFile(Stem, "json", "{}"));

        Assert.Contains("Nothing approved yet", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Stem + ".received.json"));
    }

    [Fact]
    public void VerifyJson_ReindentsSoFormattingDoesNotCount()
    {
        Approval.VerifyJson("""{"metric":"nps","value":41.5,"tags":["store","fitting-room"]}""");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
