using System.Text.Json;
using System.Text.Json.Serialization;
using CxRox.Engine.Evaluation;

namespace CxRox.Engine.Tests.TestData;

/// <summary>Evaluation results as JSON, the way approval files and equality checks compare them.</summary>
public static class ResultJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize(EvaluationResult result) => JsonSerializer.Serialize(result, Options);
}
