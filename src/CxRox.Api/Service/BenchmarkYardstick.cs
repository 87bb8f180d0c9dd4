using System.Collections.Concurrent;
using System.Text;

namespace CxRox.Api.Service;

/// <summary>
/// A JSON body of a requested size served from memory, without a key: the yardstick the HTTP
/// benchmarks (tests/CxRox.Benchmarks/http) compare real endpoints with, on the same server and
/// in the same run. Mapped only when Benchmark:TrivialEndpoint is true.
/// </summary>
public static class BenchmarkYardstick
{
    private const int MaxBytes = 1 << 20;
    private static readonly ConcurrentDictionary<int, byte[]> Bodies = new();

    public static void MapBenchmarkYardstick(this WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>("Benchmark:TrivialEndpoint"))
        {
            return;
        }
        app.MapGet("/benchmark/json", (int bytes) => bytes is < 16 or > MaxBytes
                ? Results.BadRequest()
                : Results.Bytes(Bodies.GetOrAdd(bytes, Body), "application/json"))
            .ExcludeFromDescription();
    }

    private static byte[] Body(int bytes)
    {
        // {"padding":"xxx…"}: valid JSON of exactly the size asked for.
        var text = new StringBuilder("{\"padding\":\"").Append('x', bytes - 14).Append("\"}");
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
