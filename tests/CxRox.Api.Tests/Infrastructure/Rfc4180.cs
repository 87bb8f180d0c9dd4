using System.Text;

namespace CxRox.Api.Tests.Infrastructure;

/// <summary>A reader of RFC 4180 text: fields separated by commas, records by CRLF, quoted fields with doubled quotes.</summary>
public static class Rfc4180
{
    public static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"' && field.Length == 0)
            {
                for (i++; !(text[i] == '"' && (i + 1 == text.Length || text[i + 1] != '"')); i++)
                {
                    field.Append(text[i]);
                    i += text[i] == '"' ? 1 : 0;
                }
                i++;
                continue;
            }
            if (text[i] == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (text[i] == '\r' && text[i + 1] == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i++;
            }
            else
            {
                Assert.True(text[i] is not ('\r' or '\n' or '"'), $"A bare '{text[i]}' at {i}: records end with CRLF, quotes only around fields.");
                field.Append(text[i]);
            }
            i++;
        }
        Assert.True(record.Count == 0 && field.Length == 0, "The last record ends with CRLF.");
        return records;
    }
}
