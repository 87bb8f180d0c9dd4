using System.Text;
using System.Text.Json.Nodes;

namespace CxRox.Api.Tests.Hostile;

/// <summary>What a valid request of an operation holds, from the test's fixture.</summary>
/// <param name="RoleOf">The role of the key an operation needs (admin, editor, ingest, reader); null for a public one.</param>
/// <param name="PathFill">A valid value for each path parameter name, URL-escaped.</param>
/// <param name="QueryFill">A valid value for query parameters by name; others get one by their type.</param>
/// <param name="PropertyFill">A valid value for body properties by name, for bodies the document gives no example of.</param>
/// <param name="IngestRows">A valid row for operations whose body is a list of free objects (ingest), by the path's last segment.</param>
/// <param name="ScorecardDocument">A valid scorecard document of the fixture's organization, for bodies that are one.</param>
public sealed record HostileBaseline(
    Func<HostileOperation, string?> RoleOf,
    IReadOnlyDictionary<string, string> PathFill,
    IReadOnlyDictionary<string, string> QueryFill,
    IReadOnlyDictionary<string, JsonNode?> PropertyFill,
    IReadOnlyDictionary<string, JsonObject> IngestRows,
    JsonNode ScorecardDocument);

/// <summary>
/// Hostile requests for every operation of the OpenAPI document: first each mutation alone on
/// each operation (every path and query parameter, every string and number of the body, the body
/// as a whole, content type, Accept, headers, key), then random combinations of two or three, from
/// a fixed seed, until the count is reached. The same seed gives the same requests.
/// </summary>
public sealed class HostileRequestGenerator(IReadOnlyList<HostileOperation> operations, HostileBaseline baseline, int seed)
{
    private const int Depth = 10_000;

    private readonly Random _random = new(seed);

    /// <param name="Systematic">Sent alone in the first pass. The values of a body's leaves rotate over its leaves there, so each
    /// value meets many leaves and each leaf several values without multiplying them all; the random pass mixes them all.</param>
    private sealed record Mutation(string Name, Action<HostileRequest, BodyDraft> Apply, bool Systematic = true);

    /// <summary>The body while mutations are applied; written out at the end, so that a leaf change and a content type change compose.</summary>
    private sealed class BodyDraft(JsonNode? json, string format)
    {
        public JsonNode? Json { get; } = json;
        public string Format { get; set; } = format;
        public Dictionary<string, string> Leaves { get; } = new(StringComparer.Ordinal);
        public (string Column, string Cell)? CsvCell { get; set; }
        public byte[]? Whole { get; set; }
    }

    public IEnumerable<HostileRequest> Generate(int count)
    {
        var produced = 0;
        var perOperation = operations.Select(o => (Operation: o, Mutations: MutationsOf(o))).ToList();
        foreach (var (operation, mutations) in perOperation)
        {
            foreach (var mutation in mutations.Where(m => m.Systematic))
            {
                produced++;
                yield return Build(operation, [mutation]);
            }
        }
        while (produced < count)
        {
            var (operation, mutations) = perOperation[_random.Next(perOperation.Count)];
            var chosen = Enumerable.Range(0, _random.Next(2, 4)).Select(_ => mutations[_random.Next(mutations.Count)]).Distinct().ToList();
            produced++;
            yield return Build(operation, chosen);
        }
    }

    private HostileRequest Build(HostileOperation operation, List<Mutation> mutations)
    {
        var request = new HostileRequest(operation, baseline.RoleOf(operation));
        foreach (var parameter in operation.In("path"))
        {
            request.PathValues[parameter.Name] = baseline.PathFill[parameter.Name];
        }
        foreach (var parameter in operation.In("query"))
        {
            if (ValidQueryValue(parameter) is { } value)
            {
                request.Query.Add(new(parameter.Name, value));
            }
        }
        var draft = new BodyDraft(BaseBody(operation), operation.BodyMediaTypes.Count == 0 ? "none" : "json");
        foreach (var mutation in mutations)
        {
            mutation.Apply(request, draft);
            request.Mutations.Add(mutation.Name);
        }
        Render(request, draft);
        return request;
    }

    private string? ValidQueryValue(OperationParameter parameter) =>
        baseline.QueryFill.TryGetValue(parameter.Name, out var value) ? value
        : parameter.Format == "date" ? "2026-01-01"
        : parameter.Type == "integer" ? "1"
        : parameter.Type == "boolean" ? "true"
        : null;

    private JsonNode? BaseBody(HostileOperation operation)
    {
        if (operation.BodyMediaTypes.Count == 0)
        {
            return null;
        }
        if (operation.BodyExample?["schemaVersion"] is not null || operation.BodySchema is JsonObject { Count: 0 })
        {
            return baseline.ScorecardDocument.DeepClone();
        }
        if (operation.BodySchema?["type"]?.GetValue<string>() == "array")
        {
            return new JsonArray(baseline.IngestRows[operation.Path.Split('/')[^1]].DeepClone());
        }
        if (operation.BodyExample is JsonObject example)
        {
            // The example's values, but the fixture's where it has its own (a webhook URL that answers at once).
            var filled = example.DeepClone().AsObject();
            foreach (var (name, _) in example)
            {
                if (baseline.PropertyFill.TryGetValue(name, out var value))
                {
                    filled[name] = value?.DeepClone();
                }
            }
            return filled;
        }
        var body = new JsonObject();
        foreach (var (name, schema) in operation.BodySchema?["properties"]?.AsObject() ?? [])
        {
            if (schema?["readOnly"]?.GetValue<bool>() == true)
            {
                continue;
            }
            body[name] = baseline.PropertyFill.TryGetValue(name, out var value) ? value?.DeepClone() : "hostile";
        }
        return body;
    }

    private List<Mutation> MutationsOf(HostileOperation operation)
    {
        var mutations = new List<Mutation>();
        foreach (var parameter in operation.In("path"))
        {
            mutations.AddRange(HostileInputs.UrlValues.Select(v => new Mutation($"path {parameter.Name}={Shorten(v)}", (r, _) => r.PathValues[parameter.Name] = v)));
        }
        foreach (var parameter in operation.In("query"))
        {
            mutations.AddRange(HostileInputs.UrlValues.Select(v => new Mutation($"query {parameter.Name}={Shorten(v)}", (r, _) => r.SetQuery(parameter.Name, v))));
            mutations.Add(new Mutation($"query {parameter.Name} twice", (r, _) => r.Query.Add(new(parameter.Name, "x"))));
        }
        mutations.Add(new Mutation("query name %00", (r, _) => r.Query.Add(new("a%00b", "1"))));
        mutations.Add(new Mutation("query name %ED%A0%80", (r, _) => r.Query.Add(new("%ED%A0%80", "1"))));
        foreach (var header in operation.In("header").Select(p => p.Name).Concat(operation.Path.EndsWith("survey-answers", StringComparison.Ordinal)
                     || operation.Path.EndsWith("observations", StringComparison.Ordinal) ? ["Idempotency-Key"] : []))
        {
            mutations.AddRange(HostileInputs.HeaderValues.Select(v => new Mutation($"header {header}={Shorten(v)}", (r, _) => r.Headers[header] = v)));
        }
        if (operation.BodyMediaTypes.Contains("text/csv"))
        {
            // A key never used before, so the request is the one that claims it (a reused key answers 409 before anything else).
            foreach (var format in new[] { "json", "ndjson", "csv" })
            {
                mutations.Add(new Mutation($"as {format} with a new Idempotency-Key", (r, d) =>
                {
                    d.Format = format;
                    r.Headers["Idempotency-Key"] = $"hostile-{_random.Next():x8}{_random.Next():x8}";
                }));
            }
        }
        mutations.AddRange(HostileInputs.Accepts.Select(a => new Mutation($"Accept: {a}", (r, _) => r.Accept = a)));
        mutations.Add(new Mutation("no key", (r, _) => r.Role = null));
        mutations.Add(new Mutation("broken key", (r, _) => r.RawKey = "cxr_a\0b"));
        if (operation.BodyMediaTypes.Count == 0)
        {
            mutations.Add(new Mutation("unexpected JSON body", (r, d) => d.Whole = Encoding.UTF8.GetBytes("{\"a\":\"\\u0000\"}")));
            return mutations;
        }
        mutations.AddRange(BodyMutations(operation));
        return mutations;
    }

    private IEnumerable<Mutation> BodyMutations(HostileOperation operation)
    {
        var body = BaseBody(operation)!;
        var leafIndex = 0;
        foreach (var (pointer, leaf) in Leaves(body, ""))
        {
            var values = leaf.GetValueKind() == System.Text.Json.JsonValueKind.String ? HostileInputs.JsonForString : HostileInputs.JsonForNumber;
            for (var v = 0; v < values.Length; v++)
            {
                var value = values[v];
                var rotation = (v - leafIndex % values.Length + values.Length) % values.Length;
                yield return new Mutation($"body {pointer}={Shorten(value)}", (_, d) => d.Leaves[pointer] = value, Systematic: rotation < 2);
            }
            leafIndex++;
        }
        if (body is JsonObject)
        {
            yield return new Mutation("body property \"\\ud800\"", (_, d) => d.Leaves[""] = "\"\\ud800\":1");
            yield return new Mutation("body property \"\\u0000\"", (_, d) => d.Leaves[""] = "\"a\\u0000\":1");
        }
        yield return new Mutation("empty body", (_, d) => d.Whole = []);
        yield return new Mutation("body {", (_, d) => d.Whole = "{"u8.ToArray());
        yield return new Mutation("body null", (_, d) => d.Whole = "null"u8.ToArray());
        yield return new Mutation("body string", (_, d) => d.Whole = "\"\\u0000\""u8.ToArray());
        yield return new Mutation("body huge number", (_, d) => d.Whole = "12345678901234567890"u8.ToArray());
        yield return new Mutation("body array deep 10000", (_, d) => d.Whole = Encoding.UTF8.GetBytes(HostileInputs.DeepArray(Depth)));
        yield return new Mutation("body object deep 10000", (_, d) => d.Whole = Encoding.UTF8.GetBytes(HostileInputs.DeepObject(Depth)));
        yield return new Mutation("body invalid UTF-8", (_, d) => d.Whole = [.. "{\"name\":\""u8, 0xED, 0xA0, 0x80, 0xFF, .. "\"}"u8]);
        yield return new Mutation("body truncated", (_, d) =>
        {
            var text = Encoding.UTF8.GetBytes(Text(d));
            d.Whole = text[..(text.Length * 2 / 3)];
        });
        yield return new Mutation("body 5 MB", (_, d) => d.Whole = Encoding.UTF8.GetBytes(Text(d) + new string(' ', 5 * 1024 * 1024)));
        foreach (var contentType in HostileInputs.ContentTypes)
        {
            yield return new Mutation($"Content-Type: {contentType ?? "(none)"}", (r, d) =>
            {
                d.Format = "json";
                r.ContentType = contentType;
            });
        }
        if (operation.BodyMediaTypes.Contains("text/csv"))
        {
            yield return new Mutation("as NDJSON", (_, d) => d.Format = "ndjson");
            var row = baseline.IngestRows[operation.Path.Split('/')[^1]];
            foreach (var (column, _) in row)
            {
                foreach (var cell in HostileInputs.CsvCells)
                {
                    yield return new Mutation($"CSV {column}={Shorten(cell)}", (_, d) =>
                    {
                        d.Format = "csv";
                        d.CsvCell = (column, cell);
                    });
                }
            }
            yield return new Mutation("CSV invalid UTF-8", (_, d) => d.Whole = [.. Encoding.UTF8.GetBytes(string.Join(',', row.Select(p => p.Key)) + "\n"), 0xED, 0xA0, 0x80, (byte)'\n']);
        }
    }

    private static IEnumerable<(string Pointer, JsonNode Leaf)> Leaves(JsonNode node, string pointer)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    if (child is not null)
                    {
                        foreach (var leaf in Leaves(child, pointer + "/" + name))
                        {
                            yield return leaf;
                        }
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } child)
                    {
                        foreach (var leaf in Leaves(child, pointer + "/" + i))
                        {
                            yield return leaf;
                        }
                    }
                }
                break;
            default:
                yield return (pointer, node);
                break;
        }
    }

    /// <summary>The JSON text of the draft with its leaf replacements, written in place of placeholders.</summary>
    private static string Text(BodyDraft draft)
    {
        var json = draft.Json!.DeepClone();
        var replacements = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (pointer, raw) in draft.Leaves)
        {
            var placeholder = $"__hostile_{replacements.Count}__";
            if (pointer.Length == 0)
            {
                // A property added to the root object.
                json.AsObject()[placeholder] = 0;
                replacements[$"\"{placeholder}\":0"] = raw;
                continue;
            }
            var parts = pointer.Split('/')[1..];
            var parent = parts[..^1].Aggregate(json, (n, p) => n is JsonArray a ? a[int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)]! : n[p]!);
            if (parent is JsonArray array)
            {
                array[int.Parse(parts[^1], System.Globalization.CultureInfo.InvariantCulture)] = placeholder;
            }
            else
            {
                parent[parts[^1]] = placeholder;
            }
            replacements[$"\"{placeholder}\""] = raw;
        }
        var text = json.ToJsonString();
        foreach (var (placeholder, raw) in replacements)
        {
            text = text.Replace(placeholder, raw, StringComparison.Ordinal);
        }
        return text;
    }

    private static void Render(HostileRequest request, BodyDraft draft)
    {
        if (draft.Whole is { } whole)
        {
            request.Body = whole;
            request.ContentType ??= ContentTypeOf(draft.Format == "none" ? "json" : draft.Format);
            return;
        }
        if (draft.Json is null)
        {
            return;
        }
        var text = Text(draft);
        request.ContentType ??= ContentTypeOf(draft.Format);
        request.SetBody(draft.Format switch
        {
            // One row a line: the array's elements, as written.
            "ndjson" => text[1..^1],
            "csv" => Csv(draft),
            _ => text,
        });
    }

    private static string ContentTypeOf(string format) => format switch
    {
        "ndjson" => "application/x-ndjson",
        "csv" => "text/csv",
        _ => "application/json",
    };

    private static string Csv(BodyDraft draft)
    {
        var row = draft.Json!.AsArray()[0]!.AsObject();
        var header = string.Join(',', row.Select(p => p.Key));
        var cells = row.Select(p => draft.CsvCell is { } c && c.Column == p.Key ? c.Cell : p.Value?.ToString() ?? "");
        return header + "\r\n" + string.Join(',', cells) + "\r\n";
    }

    private static string Shorten(string value) => value.Length <= 24 ? value.Replace("\0", "\\0", StringComparison.Ordinal) : value[..12] + $"…({value.Length})";
}
