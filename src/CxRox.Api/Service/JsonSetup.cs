using System.Text.Json;
using System.Text.Json.Serialization;

namespace CxRox.Api.Service;

public static class JsonSetup
{
    /// <summary>
    /// Enums travel as camelCase strings in every body, as they do in stored score documents
    /// (<see cref="Scores.ScoreDocument.Json"/>), so the OpenAPI document describes what is sent.
    /// A field a bound body does not have is refused (400 naming it), not dropped: a client that
    /// sends <c>expiresAt</c> to a service that does not know it must not believe it was kept.
    /// Scorecards are read as bytes and checked against their JSON Schema, which refuses unknown
    /// fields as well.
    /// Every string read from a body must be storable (<see cref="StorableStringConverter"/>).
    /// </summary>
    public static void AddCxRoxJson(this WebApplicationBuilder builder) =>
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            options.SerializerOptions.Converters.Add(new StorableStringConverter());
        });
}
