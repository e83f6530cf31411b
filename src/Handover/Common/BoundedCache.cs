using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Handover.Common;

/// <summary>
/// A node-local cache of values that are only ever hints or never change, bounded by <c>capacity</c> entries. When full it
/// starts over empty: the callers read through to the database on a miss, so forgetting costs a round trip, never
/// correctness, and a simple reset keeps memory bounded without bookkeeping on every hit.
/// </summary>
public sealed class BoundedCache<T>(int capacity)
{
    private readonly ConcurrentDictionary<string, T> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string key, [MaybeNullWhen(false)] out T value) => _entries.TryGetValue(key, out value);

    public void Set(string key, T value)
    {
        if (_entries.Count >= capacity && !_entries.ContainsKey(key))
            _entries.Clear();
        _entries[key] = value;
    }

    public void Remove(string key) => _entries.TryRemove(key, out _);

    public bool TryRemove(string key, [MaybeNullWhen(false)] out T value) => _entries.TryRemove(key, out value);
}
