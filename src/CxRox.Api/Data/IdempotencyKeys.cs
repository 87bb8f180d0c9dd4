using System.Security.Cryptography;
using CxRox.Api.Auth;

namespace CxRox.Api.Data;

/// <summary>A key's state: null response while the first request runs; then what it answered.</summary>
public sealed record IdempotencyRecord(string? RequestHash, int? StatusCode, string? ContentType, string? ResponseBody)
{
    public bool InProgress => StatusCode is null;
}

/// <summary>
/// Idempotency-Key for ingest requests. The claim commits on its own, before the batch runs, so
/// that a second request with the key sees it in progress (409) rather than waiting; a request
/// that fails on our side releases its key so that the client can retry with it.
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 200;
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>Claims the key; null when claimed now, otherwise the record of the request that holds it.</summary>
    public static async Task<IdempotencyRecord?> ClaimAsync(RequestOrganization organization, string key, CancellationToken cancellationToken)
    {
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        await using (var expire = transaction.Command(
            "DELETE FROM idempotency_keys WHERE org_id = $1 AND key = $2 AND expires_at <= now()", transaction.OrganizationId, key))
        {
            await expire.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var claim = transaction.Command(
            "INSERT INTO idempotency_keys (org_id, key, expires_at) VALUES ($1, $2, now() + $3) ON CONFLICT DO NOTHING",
            transaction.OrganizationId, key, Lifetime))
        {
            if (await claim.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                await transaction.CommitAsync(cancellationToken);
                return null;
            }
        }
        await using var find = transaction.Command(
            "SELECT request_hash, status_code, content_type, response_body FROM idempotency_keys WHERE org_id = $1 AND key = $2",
            transaction.OrganizationId, key);
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new IdempotencyRecord(
            reader.IsDBNull(0) ? null : reader.GetString(0),
            reader.IsDBNull(1) ? null : reader.GetInt32(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3));
    }

    public static async Task CompleteAsync(
        RequestOrganization organization, string key, string requestHash, int statusCode, string contentType, string body, CancellationToken cancellationToken)
    {
        await using var transaction = await organization.BeginTransactionAsync(cancellationToken);
        await using var complete = transaction.Command(
            "UPDATE idempotency_keys SET request_hash = $3, status_code = $4, content_type = $5, response_body = $6 WHERE org_id = $1 AND key = $2",
            transaction.OrganizationId, key, requestHash, statusCode, contentType, body);
        await complete.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public static async Task ReleaseAsync(RequestOrganization organization, string key)
    {
        await using var transaction = await organization.BeginTransactionAsync(CancellationToken.None);
        await using var release = transaction.Command(
            "DELETE FROM idempotency_keys WHERE org_id = $1 AND key = $2 AND status_code IS NULL", transaction.OrganizationId, key);
        await release.ExecuteNonQueryAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
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
