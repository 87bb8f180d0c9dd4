using CxRox.Api.Data;
using CxRox.Api.Tests.Infrastructure;
using Npgsql;

namespace CxRox.Api.Tests.Data;

/// <summary>
/// Survey values are folded in C# (<see cref="SurveyCells"/>) where PostgreSQL computed them
/// before: <see cref="NumericDivision"/> must give the very double PostgreSQL's numeric gave,
/// bit for bit, for shares of every size.
/// </summary>
public sealed class NumericDivisionAgreementTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task PercentOfNumerics_IsTheDoublePostgreSqlComputes()
    {
        var pairs = Pairs().ToList();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT p, w, (100.0 * p::numeric / w::numeric)::float8 FROM unnest($1::bigint[], $2::bigint[]) AS x(p, w)", connection)
        {
            Parameters = { new() { Value = pairs.Select(p => p.Part).ToArray() }, new() { Value = pairs.Select(p => p.Whole).ToArray() } },
        };
        var mismatches = new List<string>();
        var compared = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            compared++;
            var (part, whole, expected) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetDouble(2));
            var actual = NumericDivision.PercentToDouble(part, whole);
            if (BitConverter.DoubleToInt64Bits(actual) != BitConverter.DoubleToInt64Bits(expected))
            {
                mismatches.Add($"100 * {part} / {whole}: PostgreSQL {expected:R}, here {actual:R}");
            }
        }

        Assert.Equal(pairs.Count, compared);
        Assert.Empty(mismatches.Take(20));
    }

    private static IEnumerable<(long Part, long Whole)> Pairs()
    {
        // Where the scale PostgreSQL picks changes: around powers of 10,000 and equal first digits.
        long[] wholes = [1, 2, 3, 6, 7, 9, 11, 99, 100, 101, 999, 9_999, 10_000, 10_001, 12_345, 99_999_999, 100_000_000, 100_000_001, 1_000_000_007];
        foreach (var whole in wholes)
        {
            foreach (var part in new[] { 0, 1, -1, whole, -whole, whole - 1, whole / 2, whole / 3, -(whole / 7), whole / 100, whole / 10_000 })
            {
                yield return (part, whole);
            }
        }
        // And shares of every size, as nps (from -whole to whole) and csat (from 0 to whole) make them.
        var random = new Random(20261201);
        for (var i = 0; i < 20_000; i++)
        {
            var whole = (long)Math.Pow(10, random.NextDouble() * 10) + random.Next(3);
            yield return (random.NextInt64(-whole, whole + 1), whole);
        }
    }
}
