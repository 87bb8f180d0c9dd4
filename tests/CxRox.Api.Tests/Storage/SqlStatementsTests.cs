using CxRox.Api.Storage.Migrations;

namespace CxRox.Api.Tests.Storage;

public sealed class SqlStatementsTests
{
    [Fact]
    public void Split_SemicolonsInsideQuotesCommentsAndDollarQuotes_DoNotSplit()
    {
        const string sql = """
            CREATE TABLE "a;b" (note text DEFAULT 'x;''y');
            -- a comment; still a comment
            /* block; comment */
            CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
            DO $$ BEGIN PERFORM 1; END $$;
            SELECT $1
            """;

        var statements = SqlStatements.Split(sql).Select(s => s.Text.Trim()).ToList();

        Assert.Equal(4, statements.Count);
        Assert.Equal("""CREATE TABLE "a;b" (note text DEFAULT 'x;''y');""", statements[0]);
        Assert.EndsWith("LANGUAGE sql;", statements[1], StringComparison.Ordinal);
        Assert.Equal("DO $$ BEGIN PERFORM 1; END $$;", statements[2]);
        Assert.Equal("SELECT $1", statements[3]);
    }

    [Fact]
    public void Split_KeepsEachStatementsOffsetInTheScript()
    {
        const string sql = "SELECT 1;\nSELECT 2;";

        var offsets = SqlStatements.Split(sql).Select(s => s.Offset).ToList();

        Assert.Equal([0, 9], offsets);
        Assert.Equal("\nSELECT 2;", sql[9..]);
    }
}
