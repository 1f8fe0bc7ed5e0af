using System.Collections.Concurrent;

namespace Pxe.Nfs;

/// <summary>
/// The attributes READDIRPLUS last read for each node, reused while younger than a lifetime so that listing a
/// directory again costs no <c>statx</c> per entry (nfs-ganesha's MDCACHE does the same, 60 s by default). Changes
/// made through the server invalidate at once: a write or SETATTR forgets its node, and any change to the name space
/// (create, remove, rename, link) forgets every entry, since it changes a directory's times and a node's link count.
/// Changes made on the server's disk by other programs show in listings after at most the lifetime; GETATTR and
/// LOOKUP always read the disk.
/// </summary>
internal sealed class DirectoryAttributeCache
{
    /// <summary>The most nodes kept; past it the cache starts over (a listing of more costs one statx per entry).</summary>
    public const int MaxEntries = 131_072;

    private readonly ConcurrentDictionary<NfsNodeId, Entry> _entries = new();
    private readonly long _lifetimeMilliseconds;
    private long _generation; // bumped by ForgetAll: entries of an older generation are stale
    private long _changes;    // bumped by every Forget and ForgetAll: a read that overlapped one is not kept

    /// <summary>Keeps attributes for <paramref name="lifetime"/>; <see cref="TimeSpan.Zero"/> keeps nothing.</summary>
    public DirectoryAttributeCache(TimeSpan lifetime)
    {
        _lifetimeMilliseconds = (long)lifetime.TotalMilliseconds;
    }

    /// <summary>Whether anything is kept at all.</summary>
    public bool Enabled => _lifetimeMilliseconds > 0;

    /// <summary>The attributes of <paramref name="node"/> if they were read less than the lifetime ago and nothing changed since.</summary>
    public bool TryGet(NfsNodeId node, out NfsAttributes attributes)
    {
        if (_entries.TryGetValue(node, out Entry entry)
            && entry.Generation == Volatile.Read(ref _generation)
            && Environment.TickCount64 - entry.ReadAt < _lifetimeMilliseconds)
        {
            attributes = entry.Attributes;
            return true;
        }

        attributes = default;
        return false;
    }

    /// <summary>Taken before reading attributes from the disk and handed to <see cref="Store"/>.</summary>
    public long ChangeCount => Volatile.Read(ref _changes);

    /// <summary>
    /// Keeps <paramref name="attributes"/>, read from the disk after <see cref="ChangeCount"/> was
    /// <paramref name="changeCountBefore"/>, for <paramref name="node"/> — unless a change was reported meanwhile: the
    /// read may have seen the file before it, so it is not kept.
    /// </summary>
    public void Store(NfsNodeId node, in NfsAttributes attributes, long changeCountBefore)
    {
        if (!Enabled || Volatile.Read(ref _changes) != changeCountBefore)
        {
            return;
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[node] = new Entry(attributes, Environment.TickCount64, Volatile.Read(ref _generation));
        if (Volatile.Read(ref _changes) != changeCountBefore)
        {
            // A change was reported between the check and the store; its Forget may have run before the store.
            _entries.TryRemove(node, out _);
        }
    }

    /// <summary>
    /// Forgets <paramref name="node"/> (its data or attributes changed). The change is counted even when nothing is
    /// kept: entries read ahead of a listing are checked against <see cref="ChangeCount"/> too.
    /// </summary>
    public void Forget(NfsNodeId node)
    {
        Interlocked.Increment(ref _changes);
        if (Enabled)
        {
            _entries.TryRemove(node, out _);
        }
    }

    /// <summary>Forgets everything (the name space changed).</summary>
    public void ForgetAll()
    {
        Interlocked.Increment(ref _generation);
        Interlocked.Increment(ref _changes);
    }

    private readonly record struct Entry(NfsAttributes Attributes, long ReadAt, long Generation);
}
