using System.Security.Cryptography;
using CxRox.Api.Storage;
using Npgsql;

namespace CxRox.Api.Data;

/// <summary>What a key answered, or (all null) that another request holding it is still running.</summary>
public sealed record IdempotencyRecord(string? RequestHash, int? StatusCode, string? ContentType, string? ResponseBody)
{
    public static readonly IdempotencyRecord Held = new(null, null, null, null);

    public bool InProgress => StatusCode is null;
}

/// <summary>
/// Idempotency-Key for ingest. The key's row lives in the ingest's own transaction: it is claimed
/// first, before the body is read, and given its answer just before the rows commit. So the key is
/// spent exactly when the rows are stored: a batch refused with 422, a failure, or a process that
/// dies mid-batch (PostgreSQL rolls back a transaction whose connection is gone) takes its claim
/// away with its rows, and there is nothing to release. A second request with the key waits on
/// the first's uncommitted row in the primary key, for at most <see cref="ClaimWait"/>: when the
/// first commits it replays the answer, when the first rolls back it runs itself, and while the
/// first is still running it is told so (409).
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 200;
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>How long a request waits for another one holding its key before answering 409.</summary>
    public static readonly TimeSpan ClaimWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Claims the key in the transaction, which must not have written anything yet (it waits on
    /// other holders, so it must hold nothing they could wait for). Null when claimed; otherwise
    /// the key's stored answer, or <see cref="IdempotencyRecord.Held"/> when its holder is still
    /// running after <see cref="ClaimWait"/> (the transaction is then aborted).
    /// </summary>
    public static async Task<IdempotencyRecord?> ClaimAsync(OrganizationTransaction transaction, string key, CancellationToken cancellationToken)
    {
        // Only the claim waits a bounded time; the batch afterwards waits for locks as before.
        await ExecuteAsync(transaction, $"SET LOCAL lock_timeout = {(int)ClaimWait.TotalMilliseconds}", cancellationToken);
        try
        {
            // Rows without a stored success are from the earlier design, which committed a claim on
            // its own before the batch (a crash left it behind) and kept refused batches: neither
            // holds a key now.
            await ExecuteAsync(transaction,
                "DELETE FROM idempotency_keys WHERE org_id = $1 AND key = $2 AND (expires_at <= now() OR status_code IS NULL OR status_code >= 400)",
                cancellationToken, transaction.OrganizationId, key);
            if (await ExecuteAsync(transaction,
                "INSERT INTO idempotency_keys (org_id, key, expires_at) VALUES ($1, $2, now() + $3) ON CONFLICT DO NOTHING",
                cancellationToken, transaction.OrganizationId, key, Lifetime) == 1)
            {
                await ExecuteAsync(transaction, "SET LOCAL lock_timeout TO DEFAULT", cancellationToken);
                return null;
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            return IdempotencyRecord.Held;
        }

        // The insert waited for the holder to commit, so its answer is there (unless it expired
        // meanwhile and another request took the key: then that one holds it).
        await using var find = transaction.Command(
            "SELECT request_hash, status_code, content_type, response_body FROM idempotency_keys WHERE org_id = $1 AND key = $2",
            transaction.OrganizationId, key);
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || reader.IsDBNull(1))
        {
            return IdempotencyRecord.Held;
        }
        return new IdempotencyRecord(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3));
    }

    /// <summary>Stores the answer of the request that claimed the key, in its transaction, to commit with its rows.</summary>
    public static async Task RecordAsync(
        OrganizationTransaction transaction, string key, string requestHash, int statusCode, string contentType, string body, CancellationToken cancellationToken) =>
        await ExecuteAsync(transaction,
            "UPDATE idempotency_keys SET request_hash = $3, status_code = $4, content_type = $5, response_body = $6 WHERE org_id = $1 AND key = $2",
            cancellationToken, transaction.OrganizationId, key, requestHash, statusCode, contentType, body);

    private static async Task<int> ExecuteAsync(OrganizationTransaction transaction, string sql, CancellationToken cancellationToken, params object?[] parameters)
    {
        await using var command = transaction.Command(sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>
/// Passes a request body through while hashing it, so that an idempotent request is checked
/// against the one that claimed its key without holding the body in memory.
/// </summary>
public sealed class HashingReadStream(Stream inner, string requestLine) : Stream
{
    private readonly IncrementalHash _hash = Start(requestLine);

    private static IncrementalHash Start(string requestLine)
    {
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(requestLine + "\n"));
        return hash;
    }

    /// <summary>Reads what is left of the body, then gives the hash (lower-case hex) of the request line and the whole body.</summary>
    public async Task<string> FinishAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (await ReadAsync(buffer, cancellationToken) > 0)
        {
        }
        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        _hash.AppendData(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        _hash.AppendData(buffer, offset, read);
        return read;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }
}
