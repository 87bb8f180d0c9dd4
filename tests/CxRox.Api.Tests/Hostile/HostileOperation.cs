using System.Text.Json;
using System.Text.Json.Nodes;

namespace CxRox.Api.Tests.Hostile;

/// <summary>A parameter of an operation as the OpenAPI document declares it.</summary>
public sealed record OperationParameter(string Name, string In, string? Type, string? Format);

/// <summary>
/// One operation of the service's OpenAPI document: method, path template, parameters, the media
/// types its body may have and, when the document gives one, an example body.
/// </summary>
public sealed record HostileOperation(
    string Method, string Path, IReadOnlyList<OperationParameter> Parameters, IReadOnlyList<string> BodyMediaTypes, JsonNode? BodyExample, JsonNode? BodySchema)
{
    public string Key => $"{Method} {Path}";

    public IEnumerable<OperationParameter> In(string location) => Parameters.Where(p => p.In == location);

    /// <summary>Every operation of the document, in document order.</summary>
    public static List<HostileOperation> ReadAll(JsonNode document)
    {
        var operations = new List<HostileOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var parameters = (operation!["parameters"]?.AsArray() ?? [])
                    .Select(p => new OperationParameter(
                        p!["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(), p["schema"]?["type"]?.GetValue<string>(), p["schema"]?["format"]?.GetValue<string>()))
                    .ToList();
                var content = operation["requestBody"]?["content"]?.AsObject();
                var mediaTypes = content?.Select(c => c.Key).ToList() ?? [];
                var json = content?.FirstOrDefault().Value;
                var schema = json?["schema"];
                if (schema?["$ref"]?.GetValue<string>() is { } reference)
                {
                    schema = document["components"]!["schemas"]![reference.Split('/')[^1]];
                }
                operations.Add(new HostileOperation(method.ToUpperInvariant(), path, parameters, mediaTypes, json?["example"]?.DeepClone(), schema?.DeepClone()));
            }
        }
        return operations;
    }

    /// <summary>The document's first example of a scorecard document (a body schema of any JSON with an example).</summary>
    public static JsonNode? ScorecardExample(IEnumerable<HostileOperation> operations) =>
        operations.FirstOrDefault(o => o.BodyExample?["schemaVersion"] is not null)?.BodyExample;

    public static JsonNode Parse(string json) => JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 64 })!;
}
