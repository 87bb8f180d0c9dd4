using System.Text;

namespace CxRox.Api.Data;

/// <summary>
/// A streaming RFC 4180 reader: comma-separated fields, double quotes around fields that hold
/// commas, quotes or line breaks, "" for a quote inside them, records ending in CRLF or LF.
/// Kept here rather than taken from CsvHelper because ingest needs only this, row by row,
/// without allocating more than the fields themselves.
/// </summary>
public sealed class CsvRecordReader(TextReader reader)
{
    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _field = new();
    private int _length;
    private int _position;
    private bool _end;

    /// <summary>The fields of the record just read.</summary>
    public List<string> Fields { get; } = [];

    /// <summary>A quoting problem in the record just read, if any (the record is still returned).</summary>
    public string? Problem { get; private set; }

    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        Fields.Clear();
        _field.Clear();
        Problem = null;
        var quoted = false;      // inside a quoted field
        var wasQuoted = false;   // the current field was quoted and its closing quote seen
        var any = false;
        while (true)
        {
            if (_position == _length)
            {
                if (_end || (_length = await reader.ReadAsync(_buffer, cancellationToken)) == 0)
                {
                    _end = true;
                    _length = _position = 0;
                    if (!any)
                    {
                        return false;
                    }
                    if (quoted)
                    {
                        Problem ??= "A quoted field is not closed before the end of the file.";
                    }
                    Fields.Add(_field.ToString());
                    return true;
                }
                _position = 0;
            }
            var c = _buffer[_position++];
            any = true;
            if (quoted)
            {
                if (c != '"')
                {
                    _field.Append(c);
                    continue;
                }
                // A quote inside a quoted field: "" is a literal quote, anything else closes the field.
                if (_position == _length && !_end)
                {
                    _length = await reader.ReadAsync(_buffer, cancellationToken);
                    _position = 0;
                    _end = _length == 0;
                }
                if (_position < _length && _buffer[_position] == '"')
                {
                    _field.Append('"');
                    _position++;
                }
                else
                {
                    quoted = false;
                    wasQuoted = true;
                }
                continue;
            }
            switch (c)
            {
                case ',':
                    Fields.Add(_field.ToString());
                    _field.Clear();
                    wasQuoted = false;
                    break;
                case '\n':
                    if (_field.Length > 0 && _field[^1] == '\r' && !wasQuoted)
                    {
                        _field.Length--;
                    }
                    Fields.Add(_field.ToString());
                    return true;
                case '\r' when wasQuoted:
                    break; // CR of a CRLF after a closing quote
                case '"' when _field.Length == 0 && !wasQuoted:
                    quoted = true;
                    break;
                default:
                    if (wasQuoted || c == '"')
                    {
                        Problem ??= "Badly quoted field: a quote inside an unquoted field, or text after a closing quote.";
                    }
                    _field.Append(c);
                    break;
            }
        }
    }
}
