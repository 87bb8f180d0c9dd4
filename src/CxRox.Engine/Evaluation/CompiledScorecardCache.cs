using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using CxRox.Engine.Model;
using CxRox.Engine.Validation;

namespace CxRox.Engine.Evaluation;

/// <summary>A document read, checked and (when valid) compiled; <see cref="Scorecard"/> is null when it has errors.</summary>
public sealed record ScorecardCompilation(string ContentHash, CompiledScorecard? Scorecard, ImmutableArray<ScorecardDiagnostic> Diagnostics);

/// <summary>
/// Compiled scorecards by the SHA-256 of their document, so that every version is compiled once
/// per process however many evaluations and threads use it. Holds at most <c>capacity</c>
/// versions, dropping the oldest first.
/// </summary>
public sealed class CompiledScorecardCache(int capacity = 256)
{
    private readonly ConcurrentDictionary<string, Lazy<ScorecardCompilation>> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _insertionOrder = new();

    public int Count => _entries.Count;

    public ScorecardCompilation GetOrCompile(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var hash = ContentHash(document);
        if (_entries.TryGetValue(hash, out var cached))
        {
            return cached.Value;
        }
        var entry = new Lazy<ScorecardCompilation>(() => Compile(document, hash), LazyThreadSafetyMode.ExecutionAndPublication);
        var winner = _entries.GetOrAdd(hash, entry);
        if (ReferenceEquals(winner, entry))
        {
            _insertionOrder.Enqueue(hash);
            while (_entries.Count > capacity && _insertionOrder.TryDequeue(out var oldest))
            {
                _entries.TryRemove(oldest, out _);
            }
        }
        return winner.Value;
    }

    /// <summary>Lower-case hex SHA-256 of the document's UTF-8 bytes.</summary>
    public static string ContentHash(string document) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document)));

    /// <summary>Reads, checks and compiles a document without caching it.</summary>
    public static ScorecardCompilation Compile(string document, string? contentHash = null)
    {
        contentHash ??= ContentHash(document);
        var read = ScorecardReader.Read(document);
        var compiled = read.Bound is null ? null : ScorecardCompiler.Compile(read.Bound, contentHash);
        return new ScorecardCompilation(contentHash, compiled, read.Diagnostics);
    }
}
