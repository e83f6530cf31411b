namespace Handover.Common;

/// <summary>
/// Serializes work per key on this node (keys hash onto a fixed set of stripes, so memory stays bounded). Messages of
/// one conversation then take turns instead of racing each other's compare-and-set; compare-and-set still guards
/// against other nodes.
/// </summary>
public class StripedLock : IDisposable
{
    private readonly SemaphoreSlim[] _stripes;

    public StripedLock(int stripes = 1024)
    {
        _stripes = new SemaphoreSlim[stripes];
        for (var i = 0; i < stripes; i++)
            _stripes[i] = new SemaphoreSlim(1, 1);
    }

    public async Task<Releaser> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        var stripe = _stripes[StripeOf(key)];
        await stripe.WaitAsync(cancellationToken);
        return new Releaser(stripe);
    }

    /// <summary>
    /// Takes the stripes of all <paramref name="keys"/> (each once), always in ascending stripe order, so two holders of
    /// several stripes never wait for each other in a cycle. The caller must not take any of them again before releasing.
    /// </summary>
    public async Task<ManyReleaser> AcquireAllAsync(IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var stripes = keys.Select(StripeOf).Distinct().Order().Select(i => _stripes[i]).ToList();
        var taken = 0;
        try
        {
            foreach (var stripe in stripes)
            {
                await stripe.WaitAsync(cancellationToken);
                taken++;
            }
        }
        catch
        {
            foreach (var stripe in stripes.Take(taken))
                stripe.Release();
            throw;
        }
        return new ManyReleaser(stripes);
    }

    private int StripeOf(string key) => (int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_stripes.Length);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
            return;
        foreach (var stripe in _stripes)
            stripe.Dispose();
    }

    public readonly struct Releaser(SemaphoreSlim stripe) : IDisposable
    {
        public void Dispose() => stripe.Release();
    }

    public readonly struct ManyReleaser(IReadOnlyList<SemaphoreSlim> stripes) : IDisposable
    {
        public void Dispose()
        {
            foreach (var stripe in stripes)
                stripe.Release();
        }
    }
}
