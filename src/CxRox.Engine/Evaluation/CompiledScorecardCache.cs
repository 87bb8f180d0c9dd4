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
/// per process however many evaluations and threads use it. Documents that differ only in their
/// labels (<see cref="EngineContent"/>: one sample stored by many organizations) are each read
/// and checked on their own but share one compiled plan, formulas and rule network, whose NRules
/// compile is the costly part. Holds at most <c>capacity</c> versions and as many shared
/// compiles, dropping the oldest first.
/// </summary>
public sealed class CompiledScorecardCache(int capacity = 256)
{
    private readonly ConcurrentDictionary<string, Lazy<ScorecardCompilation>> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _insertionOrder = new();
    private readonly ConcurrentDictionary<string, Lazy<CompiledScorecard>> _shared = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _sharedOrder = new();

    public int Count => _entries.Count;

    /// <summary>Compiled plans, formulas and rule networks held: fewer than <see cref="Count"/> when documents share them.</summary>
    public int SharedCount => _shared.Count;

    public ScorecardCompilation GetOrCompile(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var hash = ContentHash(document);
        return _entries.TryGetValue(hash, out var cached) ? cached.Value : Cached(_entries, _insertionOrder, hash, () => CompileSharing(document, hash));
    }

    private ScorecardCompilation CompileSharing(string document, string hash)
    {
        var read = ScorecardReader.Read(document);
        if (read.Bound is not { } bound)
        {
            return new ScorecardCompilation(hash, null, read.Diagnostics);
        }
        var compiled = EngineContent.Hash(document) is { } engineHash
            ? Cached(_shared, _sharedOrder, engineHash, () => ScorecardCompiler.Compile(bound, hash))
            : ScorecardCompiler.Compile(bound, hash);
        return new ScorecardCompilation(hash, compiled.ContentHash == hash ? compiled : compiled.For(bound, hash), read.Diagnostics);
    }

    private T Cached<T>(ConcurrentDictionary<string, Lazy<T>> entries, ConcurrentQueue<string> order, string key, Func<T> create)
    {
        var entry = new Lazy<T>(create, LazyThreadSafetyMode.ExecutionAndPublication);
        var winner = entries.GetOrAdd(key, entry);
        if (ReferenceEquals(winner, entry))
        {
            order.Enqueue(key);
            while (entries.Count > capacity && order.TryDequeue(out var oldest))
            {
                entries.TryRemove(oldest, out _);
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
