using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CxRox.Api.Scores;

/// <summary>Settings of <see cref="ComputeGate"/> (section <c>Compute</c>).</summary>
public sealed class ComputeOptions
{
    public const string Section = "Compute";

    /// <summary>Previews and recomputes running at once in this process, all organizations together: about two a core of the 2-core machine.</summary>
    public int MaxConcurrent { get; set; } = 4;

    /// <summary>Previews and recomputes of one organization running at once in this process, so that one tenant cannot take every slot.</summary>
    public int MaxConcurrentPerOrganization { get; set; } = 2;
}

/// <summary>Why <see cref="ComputeGate.TryEnter"/> gave no slot: the organization's own cap, or the service's.</summary>
public enum ComputeRefusal { None, OrganizationBusy, ServiceBusy }

/// <summary>
/// Slots for the evaluations that can take seconds and memory: previews and recomputes. An
/// organization holds at most <see cref="ComputeOptions.MaxConcurrentPerOrganization"/>, the
/// process at most <see cref="ComputeOptions.MaxConcurrent"/>. A preview, which someone waits
/// for, is refused at once when no slot is free (429 or 503 with Retry-After); a recompute job,
/// which was promised to run, waits for one while it stays queued. A slot is always taken in the
/// same order (the organization's, then the service's), so waiting never deadlocks.
/// </summary>
public sealed class ComputeGate(IOptions<ComputeOptions> options) : IDisposable
{
    /// <summary>What a refused preview is told to wait, in seconds: a preview takes well under that.</summary>
    public const int RetryAfterSeconds = 2;

    private readonly ComputeOptions _options = options.Value;
    private readonly SemaphoreSlim _service = new(options.Value.MaxConcurrent, options.Value.MaxConcurrent);
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _organizations = new();

    public ComputeOptions Options => _options;

    /// <summary>A slot now, or null with the reason.</summary>
    public IDisposable? TryEnter(Guid organizationId, out ComputeRefusal refusal)
    {
        var organization = Organization(organizationId);
        if (!organization.Wait(0))
        {
            refusal = ComputeRefusal.OrganizationBusy;
            return null;
        }
        if (!_service.Wait(0))
        {
            organization.Release();
            refusal = ComputeRefusal.ServiceBusy;
            return null;
        }
        refusal = ComputeRefusal.None;
        return new Slot(organization, _service);
    }

    /// <summary>Waits for a slot.</summary>
    public async Task<IDisposable> EnterAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var organization = Organization(organizationId);
        await organization.WaitAsync(cancellationToken);
        try
        {
            await _service.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            organization.Release();
            throw;
        }
        return new Slot(organization, _service);
    }

    public void Dispose()
    {
        _service.Dispose();
        foreach (var organization in _organizations.Values)
        {
            organization.Dispose();
        }
    }

    private SemaphoreSlim Organization(Guid organizationId) =>
        _organizations.GetOrAdd(organizationId, _ => new SemaphoreSlim(_options.MaxConcurrentPerOrganization, _options.MaxConcurrentPerOrganization));

    private sealed class Slot(SemaphoreSlim organization, SemaphoreSlim service) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                service.Release();
                organization.Release();
            }
        }
    }
}
