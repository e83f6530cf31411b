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
        var stripe = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_stripes.Length)];
        await stripe.WaitAsync(cancellationToken);
        return new Releaser(stripe);
    }

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
}
