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

    private readonly ConcurrentDictionary<NfsNodeId, Slot> _entries = new();
    private readonly long _lifetimeMilliseconds;
    private int _slots;       // how many were added since the last clear (the bound on memory)
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
        if (_entries.TryGetValue(node, out Slot? slot)
            && slot.TryRead(out attributes, out long readAt, out long generation)
            && generation == Volatile.Read(ref _generation)
            && Environment.TickCount64 - readAt < _lifetimeMilliseconds)
        {
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

        // A node's slot is made once and then written in place: replacing a dictionary value allocates a node and
        // takes a lock, which cost more than the statx it saves when a listing refreshes 10,000 expired entries.
        if (!_entries.TryGetValue(node, out Slot? slot))
        {
            if (Interlocked.Increment(ref _slots) > MaxEntries)
            {
                _entries.Clear();
                Volatile.Write(ref _slots, 1);
            }

            slot = _entries.GetOrAdd(node, static _ => new Slot());
        }

        slot.Write(attributes, Environment.TickCount64, Volatile.Read(ref _generation));
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

    /// <summary>
    /// One node's attributes, written in place under a sequence lock: the version is odd while a writer is inside,
    /// and a reader that saw it odd or changed retries nothing and reports a miss (the caller then reads the disk).
    /// </summary>
    private sealed class Slot
    {
        private int _version;
        private NfsAttributes _attributes;
        private long _readAt;
        private long _generation;

        public bool TryRead(out NfsAttributes attributes, out long readAt, out long generation)
        {
            int before = Volatile.Read(ref _version);
            attributes = _attributes;
            readAt = _readAt;
            generation = _generation;
            Interlocked.MemoryBarrier(); // the copies above are complete before the version is read again
            return (before & 1) == 0 && Volatile.Read(ref _version) == before;
        }

        /// <summary>Writes, unless another writer is inside (its attributes are as fresh: this write is dropped).</summary>
        public void Write(in NfsAttributes attributes, long readAt, long generation)
        {
            int version = Volatile.Read(ref _version);
            if ((version & 1) != 0 || Interlocked.CompareExchange(ref _version, version + 1, version) != version)
            {
                return;
            }

            _attributes = attributes;
            _readAt = readAt;
            _generation = generation;
            Volatile.Write(ref _version, version + 2);
        }
    }
}
