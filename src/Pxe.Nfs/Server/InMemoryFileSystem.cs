using System.Text;

namespace Pxe.Nfs;

/// <summary>
/// A file system held in memory, for tests, samples and small generated trees. Every node has a fixed id; directory
/// cookies are per-directory insertion counters, so a listing resumes exactly after the last entry even while other
/// entries are added or removed. Thread-safe (one lock).
/// </summary>
public sealed class InMemoryFileSystem : INfsFileSystem
{
    /// <summary>The device number reported for every node.</summary>
    public const ulong Device = 1;

    private const ulong RootId = 1;
    private readonly Lock _lock = new();
    private readonly Dictionary<ulong, Node> _nodes = [];
    private readonly TimeProvider _time;
    private ulong _nextId = RootId + 1;

    /// <summary>Creates an empty tree whose root is owned by root with mode 0755.</summary>
    public InMemoryFileSystem(TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        var root = new Node(RootId, NfsFileType.Directory, 0b111_101_101, 0, 0, Now()) { Parent = RootId };
        _nodes[RootId] = root;
        Root = new NfsNodeId(Device, RootId);
    }

    /// <inheritdoc />
    public NfsNodeId Root { get; }

    /// <summary>Whether changes are refused with ROFS (default: false).</summary>
    public bool ReadOnly { get; set; }

    /// <summary>Adds (or replaces) a file at <paramref name="path"/> (relative, '/'-separated), creating directories on the way.</summary>
    public NfsNodeId AddFile(string path, ReadOnlySpan<byte> content, uint mode = 0b110_100_100, uint uid = 0, uint gid = 0)
    {
        ArgumentNullException.ThrowIfNull(path);
        lock (_lock)
        {
            Node dir = EnsureDirectories(path, out string name);
            Node file = GetOrCreate(dir, name, NfsFileType.Regular, mode, uid, gid);
            file.Data = content.ToArray();
            file.Length = content.Length;
            return new NfsNodeId(Device, file.Id);
        }
    }

    /// <summary>Adds a directory at <paramref name="path"/>, creating parents.</summary>
    public NfsNodeId AddDirectory(string path, uint mode = 0b111_101_101, uint uid = 0, uint gid = 0)
    {
        ArgumentNullException.ThrowIfNull(path);
        lock (_lock)
        {
            Node dir = EnsureDirectories(path + "/x", out _);
            dir.Mode = mode;
            dir.Uid = uid;
            dir.Gid = gid;
            return new NfsNodeId(Device, dir.Id);
        }
    }

    /// <summary>Adds a symbolic link whose target is stored verbatim.</summary>
    public NfsNodeId AddSymlink(string path, string target)
    {
        ArgumentNullException.ThrowIfNull(path);
        lock (_lock)
        {
            Node dir = EnsureDirectories(path, out string name);
            Node link = GetOrCreate(dir, name, NfsFileType.Symlink, 0b111_111_111, 0, 0);
            link.Target = target;
            link.Length = Encoding.UTF8.GetByteCount(target);
            return new NfsNodeId(Device, link.Id);
        }
    }

    /// <inheritdoc />
    public Nfs3Status GetAttributes(NfsNodeId node, out NfsAttributes attributes)
    {
        lock (_lock)
        {
            if (!TryGet(node, out Node? n))
            {
                attributes = default;
                return Nfs3Status.Stale;
            }

            attributes = n.ToAttributes();
            return Nfs3Status.Ok;
        }
    }

    /// <inheritdoc />
    public Nfs3Status Lookup(NfsNodeId directory, string name, out NfsNodeId node)
    {
        lock (_lock)
        {
            node = default;
            Nfs3Status s = GetDirectory(directory, out Node? dir);
            if (s != Nfs3Status.Ok)
            {
                return s;
            }

            ulong id = name switch
            {
                "." => dir!.Id,
                ".." => dir!.Parent, // the root's parent is the root
                _ => dir!.Entries!.TryGetValue(name, out Entry e) ? e.Id : 0,
            };
            if (id == 0)
            {
                return Nfs3Status.NoEnt;
            }

            node = new NfsNodeId(Device, id);
            return Nfs3Status.Ok;
        }
    }

    /// <inheritdoc />
    public Nfs3Status Read(NfsNodeId node, long offset, Span<byte> destination, out int bytesRead, out bool endOfFile)
    {
        lock (_lock)
        {
            bytesRead = 0;
            endOfFile = false;
            if (!TryGet(node, out Node? n))
            {
                return Nfs3Status.Stale;
            }

            if (n.Type != NfsFileType.Regular)
            {
                return n.Type == NfsFileType.Directory ? Nfs3Status.IsDir : Nfs3Status.Invalid;
            }

            if (offset < n.Length)
            {
                bytesRead = (int)Math.Min(destination.Length, n.Length - offset);
                n.Data.AsSpan((int)offset, bytesRead).CopyTo(destination);
            }

            endOfFile = offset + bytesRead >= n.Length;
            n.AccessTime = Now();
            return Nfs3Status.Ok;
        }
    }

    /// <inheritdoc />
    public Nfs3Status Write(NfsNodeId node, long offset, ReadOnlySpan<byte> data, NfsStableHow stable, out NfsStableHow committed)
    {
        // Memory is as stable as this process gets.
        committed = NfsStableHow.FileSync;
        lock (_lock)
        {
            if (ReadOnly)
            {
                return Nfs3Status.ReadOnlyFileSystem;
            }

            if (!TryGet(node, out Node? n))
            {
                return Nfs3Status.Stale;
            }

            if (n.Type != NfsFileType.Regular)
            {
                return n.Type == NfsFileType.Directory ? Nfs3Status.IsDir : Nfs3Status.Invalid;
            }

            long end = offset + data.Length;
            if (end > Array.MaxLength)
            {
                return Nfs3Status.FBig;
            }

            EnsureCapacity(n, end);
            data.CopyTo(n.Data.AsSpan((int)offset));
            n.Length = Math.Max(n.Length, end);
            n.ModifyTime = n.ChangeTime = Now();
            return Nfs3Status.Ok;
        }
    }

    /// <inheritdoc />
    public Nfs3Status Commit(NfsNodeId node)
    {
        lock (_lock)
        {
            return TryGet(node, out _) ? Nfs3Status.Ok : Nfs3Status.Stale;
        }
    }

    /// <inheritdoc />
    public Nfs3Status ReadLink(NfsNodeId node, out string target)
    {
        lock (_lock)
        {
            target = string.Empty;
            if (!TryGet(node, out Node? n))
            {
                return Nfs3Status.Stale;
            }

            if (n.Type != NfsFileType.Symlink)
            {
                return Nfs3Status.Invalid;
            }

            target = n.Target!;
            return Nfs3Status.Ok;
        }
    }

    /// <inheritdoc />
    public Nfs3Status ReadDirectory<TVisitor>(NfsNodeId directory, ulong cookie, ref TVisitor visitor, out bool endOfDirectory)
        where TVisitor : INfsDirectoryVisitor, allows ref struct
    {
        lock (_lock)
        {
            endOfDirectory = false;
            Nfs3Status s = GetDirectory(directory, out Node? dir);
            if (s != Nfs3Status.Ok)
            {
                return s;
            }

            Span<byte> name = stackalloc byte[Nfs3Limits.MaxNameLength * 4];
            foreach (KeyValuePair<ulong, string> pair in dir!.Order!.GetViewBetween(cookie + 1, ulong.MaxValue))
            {
                Node child = _nodes[dir.Entries![pair.Value].Id];
                int length = Encoding.UTF8.GetBytes(pair.Value, name);
                if (!visitor.Visit(name[..length], pair.Key, new NfsNodeId(Device, child.Id), child.ToAttributes()))
                {
                    return Nfs3Status.Ok;
                }
            }

            endOfDirectory = true;
            return Nfs3Status.Ok;
        }
    }

    /// <inheritdoc />
    public Nfs3Status SetAttributes(NfsNodeId node, in NfsSetAttributes attributes)
    {
        lock (_lock)
        {
            if (ReadOnly)
            {
                return Nfs3Status.ReadOnlyFileSystem;
            }

            if (!TryGet(node, out Node? n))
            {
                return Nfs3Status.Stale;
            }

            if (attributes.Size is { } size)
            {
                if (n.Type != NfsFileType.Regular)
                {
                    return n.Type == NfsFileType.Directory ? Nfs3Status.IsDir : Nfs3Status.Invalid;
                }

                if (size > (ulong)Array.MaxLength)
                {
                    return Nfs3Status.FBig;
                }

                EnsureCapacity(n, (long)size);
                if ((long)size > n.Length)
                {
                    n.Data.AsSpan((int)n.Length, (int)((long)size - n.Length)).Clear();
                }

                n.Length = (long)size;
                n.ModifyTime = Now();
            }

            n.Mode = attributes.Mode is { } mode ? mode & 0xFFF : n.Mode;
            n.Uid = attributes.Uid ?? n.Uid;
            n.Gid = attributes.Gid ?? n.Gid;
            n.AccessTime = attributes.AccessTimeHow switch { NfsTimeHow.ServerTime => Now(), NfsTimeHow.ClientTime => attributes.AccessTime, _ => n.AccessTime };
            n.ModifyTime = attributes.ModifyTimeHow switch { NfsTimeHow.ServerTime => Now(), NfsTimeHow.ClientTime => attributes.ModifyTime, _ => n.ModifyTime };
            n.ChangeTime = Now();
            return Nfs3Status.Ok;
        }
    }

    /// <inheritdoc />
    public Nfs3Status Create(NfsNodeId directory, string name, NfsCreateMode mode, in NfsSetAttributes attributes, ulong verifier, NfsOwner owner, out NfsNodeId node)
    {
        lock (_lock)
        {
            node = default;
            Nfs3Status s = PrepareCreate(directory, name, out Node? dir);
            if (s != Nfs3Status.Ok)
            {
                return s;
            }

            if (dir!.Entries!.TryGetValue(name, out Entry existing))
            {
                Node e = _nodes[existing.Id];
                node = new NfsNodeId(Device, e.Id);
                switch (mode)
                {
                    case NfsCreateMode.Unchecked when e.Type == NfsFileType.Regular:
                        if (attributes.Size == 0)
                        {
                            e.Length = 0;
                        }

                        return Nfs3Status.Ok;
                    case NfsCreateMode.Exclusive when e.Verifier == verifier && e.Type == NfsFileType.Regular:
                        // RFC 1813 §3.3.8: a retransmitted exclusive create succeeds.
                        return Nfs3Status.Ok;
                    default:
                        return Nfs3Status.Exist;
                }
            }

            Node file = Add(dir, name, NfsFileType.Regular, attributes.Mode ?? 0b110_100_100, attributes.Uid ?? owner.Uid, attributes.Gid ?? owner.Gid);
            file.Verifier = mode == NfsCreateMode.Exclusive ? verifier : 0;
            node = new NfsNodeId(Device, file.Id);
            return Nfs3Status.Ok;
        }
    }

    /// <inheritdoc />
    public Nfs3Status MakeDirectory(NfsNodeId directory, string name, in NfsSetAttributes attributes, NfsOwner owner, out NfsNodeId node) =>
        MakeSpecial(directory, name, NfsFileType.Directory, attributes.Mode ?? 0b111_101_101, attributes, owner, null, 0, 0, out node);

    /// <inheritdoc />
    public Nfs3Status MakeSymlink(NfsNodeId directory, string name, string target, in NfsSetAttributes attributes, NfsOwner owner, out NfsNodeId node) =>
        MakeSpecial(directory, name, NfsFileType.Symlink, 0b111_111_111, attributes, owner, target, 0, 0, out node);

    /// <inheritdoc />
    public Nfs3Status MakeNode(NfsNodeId directory, string name, NfsFileType type, uint major, uint minor, in NfsSetAttributes attributes, NfsOwner owner, out NfsNodeId node)
    {
        if (type is not (NfsFileType.Block or NfsFileType.Character or NfsFileType.Fifo or NfsFileType.Socket))
        {
            node = default;
            return Nfs3Status.BadType;
        }

        return MakeSpecial(directory, name, type, attributes.Mode ?? 0b110_100_100, attributes, owner, null, major, minor, out node);
    }

    /// <inheritdoc />
    public Nfs3Status Remove(NfsNodeId directory, string name) => RemoveEntry(directory, name, directoryWanted: false);

    /// <inheritdoc />
    public Nfs3Status RemoveDirectory(NfsNodeId directory, string name) => RemoveEntry(directory, name, directoryWanted: true);

    /// <inheritdoc />
    public Nfs3Status Rename(NfsNodeId fromDirectory, string fromName, NfsNodeId toDirectory, string toName)
    {
        lock (_lock)
        {
            Nfs3Status s = PrepareCreate(fromDirectory, fromName, out Node? from);
            if (s == Nfs3Status.Ok)
            {
                s = PrepareCreate(toDirectory, toName, out _);
            }

            if (s != Nfs3Status.Ok)
            {
                return s;
            }

            Node to = _nodes[toDirectory.FileId];
            if (!from!.Entries!.TryGetValue(fromName, out Entry moving))
            {
                return Nfs3Status.NoEnt;
            }

            Node movingNode = _nodes[moving.Id];
            if (movingNode.Type == NfsFileType.Directory)
            {
                // A directory cannot move below itself.
                for (ulong p = to.Id; ; p = _nodes[p].Parent)
                {
                    if (p == movingNode.Id)
                    {
                        return Nfs3Status.Invalid;
                    }

                    if (p == RootId)
                    {
                        break;
                    }
                }
            }

            if (to.Entries!.TryGetValue(toName, out Entry target))
            {
                if (target.Id == moving.Id)
                {
                    return Nfs3Status.Ok;
                }

                Node t = _nodes[target.Id];
                if (t.Type == NfsFileType.Directory != (movingNode.Type == NfsFileType.Directory))
                {
                    return t.Type == NfsFileType.Directory ? Nfs3Status.IsDir : Nfs3Status.NotDir;
                }

                if (t.Type == NfsFileType.Directory && t.Entries!.Count > 0)
                {
                    return Nfs3Status.NotEmpty;
                }

                Unlink(to, toName, target);
            }

            from.Entries.Remove(fromName);
            from.Order!.Remove(moving.Cookie);
            from.ModifyTime = from.ChangeTime = Now();
            Link(to, toName, movingNode);
            if (movingNode.Type == NfsFileType.Directory)
            {
                from.LinkCount--;
                movingNode.Parent = to.Id;
            }
            else
            {
                movingNode.LinkCount--;
            }

            return Nfs3Status.Ok;
        }
    }

    /// <inheritdoc />
    public Nfs3Status Link(NfsNodeId node, NfsNodeId directory, string name)
    {
        lock (_lock)
        {
            if (!TryGet(node, out Node? n))
            {
                return Nfs3Status.Stale;
            }

            if (n.Type == NfsFileType.Directory)
            {
                return Nfs3Status.IsDir;
            }

            Nfs3Status s = PrepareCreate(directory, name, out Node? dir);
            if (s != Nfs3Status.Ok)
            {
                return s;
            }

            if (dir!.Entries!.ContainsKey(name))
            {
                return Nfs3Status.Exist;
            }

            Link(dir, name, n);
            return Nfs3Status.Ok;
        }
    }

    /// <inheritdoc />
    public Nfs3Status GetStatistics(NfsNodeId node, out NfsFileSystemStatistics statistics)
    {
        lock (_lock)
        {
            long used = 0;
            foreach (Node n in _nodes.Values)
            {
                used += n.Length;
            }

            const ulong total = 1UL << 34;
            statistics = new NfsFileSystemStatistics(total, total - (ulong)used, total - (ulong)used, 1 << 24, (ulong)((1 << 24) - _nodes.Count), (ulong)((1 << 24) - _nodes.Count));
            return TryGet(node, out _) ? Nfs3Status.Ok : Nfs3Status.Stale;
        }
    }

    private Nfs3Status MakeSpecial(NfsNodeId directory, string name, NfsFileType type, uint mode, in NfsSetAttributes attributes, NfsOwner owner, string? target, uint major, uint minor, out NfsNodeId node)
    {
        lock (_lock)
        {
            node = default;
            Nfs3Status s = PrepareCreate(directory, name, out Node? dir);
            if (s != Nfs3Status.Ok)
            {
                return s;
            }

            if (dir!.Entries!.ContainsKey(name))
            {
                return Nfs3Status.Exist;
            }

            Node n = Add(dir, name, type, mode, attributes.Uid ?? owner.Uid, attributes.Gid ?? owner.Gid);
            n.Target = target;
            n.Length = target is null ? (type == NfsFileType.Directory ? 4096 : 0) : Encoding.UTF8.GetByteCount(target);
            n.RdevMajor = major;
            n.RdevMinor = minor;
            node = new NfsNodeId(Device, n.Id);
            return Nfs3Status.Ok;
        }
    }

    private Nfs3Status RemoveEntry(NfsNodeId directory, string name, bool directoryWanted)
    {
        lock (_lock)
        {
            Nfs3Status s = PrepareCreate(directory, name, out Node? dir);
            if (s != Nfs3Status.Ok)
            {
                return s;
            }

            if (!dir!.Entries!.TryGetValue(name, out Entry entry))
            {
                return Nfs3Status.NoEnt;
            }

            Node n = _nodes[entry.Id];
            if (directoryWanted && n.Type != NfsFileType.Directory)
            {
                return Nfs3Status.NotDir;
            }

            if (!directoryWanted && n.Type == NfsFileType.Directory)
            {
                return Nfs3Status.IsDir;
            }

            if (n.Type == NfsFileType.Directory && n.Entries!.Count > 0)
            {
                return Nfs3Status.NotEmpty;
            }

            Unlink(dir, name, entry);
            return Nfs3Status.Ok;
        }
    }

    private void Unlink(Node dir, string name, Entry entry)
    {
        Node n = _nodes[entry.Id];
        dir.Entries!.Remove(name);
        dir.Order!.Remove(entry.Cookie);
        dir.ModifyTime = dir.ChangeTime = Now();
        if (n.Type == NfsFileType.Directory)
        {
            dir.LinkCount--;
            _nodes.Remove(n.Id);
            return;
        }

        n.LinkCount--;
        n.ChangeTime = Now();
        if (n.LinkCount == 0)
        {
            _nodes.Remove(n.Id);
        }
    }

    private Nfs3Status PrepareCreate(NfsNodeId directory, string name, out Node? dir)
    {
        if (ReadOnly)
        {
            dir = null;
            return Nfs3Status.ReadOnlyFileSystem;
        }

        Nfs3Status s = GetDirectory(directory, out dir);
        if (s == Nfs3Status.Ok && name is "." or "..")
        {
            return Nfs3Status.Invalid;
        }

        return s;
    }

    private Nfs3Status GetDirectory(NfsNodeId id, out Node? dir)
    {
        if (!TryGet(id, out dir))
        {
            return Nfs3Status.Stale;
        }

        return dir.Type == NfsFileType.Directory ? Nfs3Status.Ok : Nfs3Status.NotDir;
    }

    private bool TryGet(NfsNodeId id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Node? node)
    {
        node = null;
        return id.Device == Device && _nodes.TryGetValue(id.FileId, out node);
    }

    private Node Add(Node dir, string name, NfsFileType type, uint mode, uint uid, uint gid)
    {
        var n = new Node(_nextId++, type, mode & 0xFFF, uid, gid, Now()) { Parent = dir.Id, LinkCount = 0 };
        _nodes[n.Id] = n;
        Link(dir, name, n);
        if (type == NfsFileType.Directory)
        {
            n.LinkCount = 2;
            dir.LinkCount++;
        }

        return n;
    }

    private void Link(Node dir, string name, Node n)
    {
        ulong cookie = dir.NextCookie++;
        dir.Entries![name] = new Entry(n.Id, cookie);
        dir.Order![cookie] = name;
        dir.ModifyTime = dir.ChangeTime = Now();
        if (n.Type != NfsFileType.Directory)
        {
            n.LinkCount++;
            n.ChangeTime = Now();
        }
    }

    private Node EnsureDirectories(string path, out string leaf)
    {
        string[] parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new ArgumentException("The path names nothing.", nameof(path));
        }

        Node dir = _nodes[RootId];
        for (int i = 0; i < parts.Length - 1; i++)
        {
            dir = GetOrCreate(dir, parts[i], NfsFileType.Directory, 0b111_101_101, 0, 0);
        }

        leaf = parts[^1];
        return dir;
    }

    private Node GetOrCreate(Node dir, string name, NfsFileType type, uint mode, uint uid, uint gid)
    {
        if (dir.Entries!.TryGetValue(name, out Entry e))
        {
            return _nodes[e.Id];
        }

        return Add(dir, name, type, mode, uid, gid);
    }

    private static void EnsureCapacity(Node n, long length)
    {
        if (n.Data.Length < length)
        {
            byte[] bigger = new byte[Math.Max(length, Math.Min(Array.MaxLength, Math.Max(4096L, n.Data.Length * 2L)))];
            n.Data.AsSpan(0, (int)n.Length).CopyTo(bigger);
            n.Data = bigger;
        }
    }

    private NfsTime Now() => NfsTime.FromDateTimeOffset(_time.GetUtcNow());

    private readonly record struct Entry(ulong Id, ulong Cookie);

    private sealed class Node
    {
        public Node(ulong id, NfsFileType type, uint mode, uint uid, uint gid, NfsTime now)
        {
            Id = id;
            Type = type;
            Mode = mode;
            Uid = uid;
            Gid = gid;
            AccessTime = ModifyTime = ChangeTime = now;
            LinkCount = 1;
            if (type == NfsFileType.Directory)
            {
                Entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
                Order = new CookieOrder(new SortedSet<KeyValuePair<ulong, string>>(Comparer<KeyValuePair<ulong, string>>.Create((a, b) => a.Key.CompareTo(b.Key))));
                Length = 4096;
                LinkCount = 2;
            }
        }

        public ulong Id { get; }

        public NfsFileType Type { get; }

        public uint Mode { get; set; }

        public uint Uid { get; set; }

        public uint Gid { get; set; }

        public uint LinkCount { get; set; }

        public ulong Parent { get; set; }

        public long Length { get; set; }

        public byte[] Data { get; set; } = [];

        public string? Target { get; set; }

        public uint RdevMajor { get; set; }

        public uint RdevMinor { get; set; }

        public ulong Verifier { get; set; }

        public NfsTime AccessTime { get; set; }

        public NfsTime ModifyTime { get; set; }

        public NfsTime ChangeTime { get; set; }

        public Dictionary<string, Entry>? Entries { get; }

        public CookieOrder? Order { get; }

        /// <summary>Cookies start at 3: 0 means "the start" and Linux reserves 1 and 2 for "." and "..".</summary>
        public ulong NextCookie { get; set; } = 3;

        public NfsAttributes ToAttributes() => new()
        {
            Type = Type,
            Mode = Mode,
            LinkCount = LinkCount,
            Uid = Uid,
            Gid = Gid,
            Size = (ulong)Length,
            Used = (ulong)((Length + 4095) & ~4095L),
            RdevMajor = RdevMajor,
            RdevMinor = RdevMinor,
            FileSystemId = Device,
            FileId = Id,
            AccessTime = AccessTime,
            ModifyTime = ModifyTime,
            ChangeTime = ChangeTime,
        };
    }

    /// <summary>Directory entries in cookie order.</summary>
    private sealed class CookieOrder(SortedSet<KeyValuePair<ulong, string>> set)
    {
        public string this[ulong cookie]
        {
            set => set.Add(new KeyValuePair<ulong, string>(cookie, value));
        }

        public void Remove(ulong cookie) => set.Remove(new KeyValuePair<ulong, string>(cookie, string.Empty));

        public SortedSet<KeyValuePair<ulong, string>> GetViewBetween(ulong low, ulong high) =>
            low > high ? [] : set.GetViewBetween(new KeyValuePair<ulong, string>(low, string.Empty), new KeyValuePair<ulong, string>(high, string.Empty));
    }
}
