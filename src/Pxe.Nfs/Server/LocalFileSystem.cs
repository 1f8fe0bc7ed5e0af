using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Pxe.Nfs.Interop;

namespace Pxe.Nfs;

/// <summary>
/// Serves a local directory (Linux). Nodes are (device, inode), so file handles survive a server restart; the path of
/// a node is cached and always re-checked with <c>statx</c> (device and inode must match, symlinks never followed),
/// and when it moved the export tree is searched for it. Paths are only ever built from the export root plus single
/// name components, so no handle or name reaches outside the directory. Attributes come from the backing file
/// (uid, gid, mode, times, nlink, rdev), and new files get the caller's (squashed) owner. READDIRPLUS reuses the
/// attributes it read for an entry for a while (see <see cref="DefaultAttributeCacheLifetime"/>).
/// </summary>
public sealed class LocalFileSystem : INfsFileSystem, IDisposable
{
    /// <summary>The most entries a search for a moved node visits before giving up with STALE.</summary>
    public const int MaxScanEntries = 4_000_000;

    /// <summary>The most directory streams kept open between READDIR calls before they are all closed.</summary>
    public const int MaxOpenDirectories = 64;

    /// <summary>The most entries one <see cref="ReadDirectoryAhead"/> reads before the client asks for them.</summary>
    public const int MaxReadAheadEntries = 1024;

    /// <summary>The most cached open files (per access kind) before the cache is flushed.</summary>
    public const int MaxOpenFiles = 256;

    /// <summary>
    /// How long READDIRPLUS reuses the attributes it read for an entry instead of reading them again (60 s, as
    /// nfs-ganesha's MDCACHE). Changes made through NFS take effect at once; GETATTR and LOOKUP always read the disk.
    /// </summary>
    public static readonly TimeSpan DefaultAttributeCacheLifetime = TimeSpan.FromSeconds(60);

    private readonly string _root;
    private readonly bool _readOnly;
    private readonly ConcurrentDictionary<NfsNodeId, string> _paths = new();
    private readonly ConcurrentDictionary<NfsNodeId, SafeFileHandle> _readHandles = new();
    private readonly ConcurrentDictionary<NfsNodeId, SafeFileHandle> _writeHandles = new();
    private readonly ConcurrentDictionary<(NfsNodeId Directory, ulong Cookie), DirectoryStream> _streams = new();
    private readonly DirectoryAttributeCache _listedAttributes;

    /// <summary>Serves <paramref name="directory"/>; <paramref name="readOnly"/> refuses every change with ROFS.</summary>
    public LocalFileSystem(string directory, bool readOnly)
        : this(directory, readOnly, DefaultAttributeCacheLifetime)
    {
    }

    /// <summary>
    /// Serves <paramref name="directory"/>; <paramref name="readOnly"/> refuses every change with ROFS, and READDIRPLUS
    /// reuses an entry's attributes for <paramref name="attributeCacheLifetime"/> (<see cref="TimeSpan.Zero"/>: never).
    /// </summary>
    public LocalFileSystem(string directory, bool readOnly, TimeSpan attributeCacheLifetime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attributeCacheLifetime, TimeSpan.Zero);
        _listedAttributes = new DirectoryAttributeCache(attributeCacheLifetime);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _root = Path.GetFullPath(directory).TrimEnd('/');
        if (_root.Length == 0)
        {
            _root = "/";
        }

        _readOnly = readOnly;
        if (!Stat(_root, out Libc.Statx st) || (st.Mode & Libc.SIfMt) != Libc.SIfDir)
        {
            throw new DirectoryNotFoundException($"The export directory '{directory}' does not exist or is not a directory.");
        }

        Root = new NfsNodeId(st.Device, st.Inode);
        _paths[Root] = string.Empty;
    }

    /// <summary>The absolute backing directory.</summary>
    public string RootDirectory => _root;

    /// <inheritdoc />
    public NfsNodeId Root { get; }

    /// <inheritdoc />
    public Nfs3Status GetAttributes(NfsNodeId node, out NfsAttributes attributes)
    {
        if (!TryResolve(node, out _, out Libc.Statx st))
        {
            attributes = default;
            return Nfs3Status.Stale;
        }

        attributes = Libc.ToAttributes(st, st.Device);
        return Nfs3Status.Ok;
    }

    /// <inheritdoc />
    public Nfs3Status Lookup(NfsNodeId directory, string name, out NfsNodeId node)
    {
        node = default;
        if (!TryResolve(directory, out string rel, out Libc.Statx dst))
        {
            return Nfs3Status.Stale;
        }

        if ((dst.Mode & Libc.SIfMt) != Libc.SIfDir)
        {
            return Nfs3Status.NotDir;
        }

        if (name == ".")
        {
            node = directory;
            return Nfs3Status.Ok;
        }

        if (name == "..")
        {
            // RFC 1813 §3.3.3: ".." of the export root is the root itself; we never hand out the parent.
            if (directory == Root || rel.Length == 0)
            {
                node = Root;
                return Nfs3Status.Ok;
            }

            int slash = rel.LastIndexOf('/');
            string parent = slash < 0 ? string.Empty : rel[..slash];
            if (!Stat(Full(parent), out Libc.Statx pst))
            {
                return Nfs3Status.Stale;
            }

            node = new NfsNodeId(pst.Device, pst.Inode);
            _paths[node] = parent;
            return Nfs3Status.Ok;
        }

        string childRel = Join(rel, name);
        if (!Stat(Full(childRel), out Libc.Statx cst))
        {
            return Libc.LastStatus();
        }

        node = new NfsNodeId(cst.Device, cst.Inode);
        _paths[node] = childRel;
        return Nfs3Status.Ok;
    }

    /// <inheritdoc />
    public Nfs3Status Read(NfsNodeId node, long offset, Span<byte> destination, out int bytesRead, out bool endOfFile)
    {
        bytesRead = 0;
        endOfFile = false;
        Nfs3Status status = GetHandle(node, write: false, out SafeFileHandle? handle);
        if (status != Nfs3Status.Ok)
        {
            return status;
        }

        try
        {
            while (bytesRead < destination.Length)
            {
                int n = RandomAccess.Read(handle!, destination[bytesRead..], offset + bytesRead);
                if (n == 0)
                {
                    endOfFile = true;
                    break;
                }

                bytesRead += n;
            }

            if (!endOfFile)
            {
                endOfFile = offset + bytesRead >= RandomAccess.GetLength(handle!);
            }

            return Nfs3Status.Ok;
        }
        catch (IOException)
        {
            return Nfs3Status.IO;
        }
        catch (ObjectDisposedException)
        {
            return Nfs3Status.Jukebox;
        }
    }

    /// <inheritdoc />
    public Nfs3Status Write(NfsNodeId node, long offset, ReadOnlySpan<byte> data, NfsStableHow stable, out NfsStableHow committed)
    {
        committed = stable;
        if (_readOnly)
        {
            return Nfs3Status.ReadOnlyFileSystem;
        }

        Nfs3Status status = GetHandle(node, write: true, out SafeFileHandle? handle);
        if (status != Nfs3Status.Ok)
        {
            return status;
        }

        try
        {
            RandomAccess.Write(handle!, data, offset);
            if (stable == NfsStableHow.FileSync)
            {
                _ = Libc.fsync(handle!.DangerousGetHandle());
            }
            else if (stable == NfsStableHow.DataSync)
            {
                _ = Libc.fdatasync(handle!.DangerousGetHandle());
            }

            return Nfs3Status.Ok;
        }
        catch (IOException ex)
        {
            return ex.HResult == 28 ? Nfs3Status.NoSpace : Nfs3Status.IO;
        }
        catch (ObjectDisposedException)
        {
            return Nfs3Status.Jukebox;
        }
        finally
        {
            _listedAttributes.Forget(node); // size and times changed, or may have, even when the write failed
        }
    }

    /// <inheritdoc />
    public Nfs3Status Commit(NfsNodeId node)
    {
        if (_writeHandles.TryGetValue(node, out SafeFileHandle? handle))
        {
            try
            {
                _ = Libc.fsync(handle.DangerousGetHandle());
            }
            catch (ObjectDisposedException)
            {
                // Closed by the cache: close(2) already handed the data to the kernel.
            }
        }

        return TryResolve(node, out _, out _) ? Nfs3Status.Ok : Nfs3Status.Stale;
    }

    /// <inheritdoc />
    public unsafe Nfs3Status ReadLink(NfsNodeId node, out string target)
    {
        target = string.Empty;
        if (!TryResolve(node, out string rel, out Libc.Statx st))
        {
            return Nfs3Status.Stale;
        }

        if ((st.Mode & Libc.SIfMt) != Libc.SIfLnk)
        {
            return Nfs3Status.Invalid;
        }

        byte* buffer = stackalloc byte[XdrLimits.MaxStringLength];
        nint n = Libc.readlink(Full(rel), buffer, XdrLimits.MaxStringLength);
        if (n < 0)
        {
            return Libc.LastStatus();
        }

        target = Encoding.UTF8.GetString(buffer, (int)n);
        return Nfs3Status.Ok;
    }

    /// <inheritdoc />
    public unsafe Nfs3Status ReadDirectory<TVisitor>(NfsNodeId directory, ulong cookie, ref TVisitor visitor, out bool endOfDirectory)
        where TVisitor : INfsDirectoryVisitor, allows ref struct
    {
        endOfDirectory = false;
        if (!TryResolve(directory, out string rel, out Libc.Statx dst))
        {
            return Nfs3Status.Stale;
        }

        if ((dst.Mode & Libc.SIfMt) != Libc.SIfDir)
        {
            return Nfs3Status.NotDir;
        }

        // Reuse the stream the previous call on this directory stopped in (the next call asks for exactly that cookie):
        // re-opening and seeking costs more than reading the entries, on tmpfs and ext4 alike.
        if (!_streams.TryRemove((directory, cookie), out DirectoryStream? stream))
        {
            nint handle = Libc.opendir(Full(rel));
            if (handle == 0)
            {
                return Libc.LastStatus();
            }

            stream = new DirectoryStream(handle, rel, dst.Device);
            if (cookie != 0)
            {
                // The cookie is the directory offset (d_off) of the previous entry: stable for as long as the file system
                // keeps its offsets (ext4 hashes, tmpfs positions), which is what the Linux client expects (RFC 1813 §3.3.16).
                Libc.seekdir(handle, (long)cookie);
            }
        }

        bool keep = false;
        try
        {
            nint dir = stream.Handle;
            int fd = Libc.dirfd(dir);

            // First the entries already read: the one the last call could not fit, then those read ahead.
            while (stream.TryPeek(out DirectoryStream.ListedEntry ahead))
            {
                ReadOnlySpan<byte> name = stream.NameOf(ahead);
                if (ahead.ChangeCount != _listedAttributes.ChangeCount)
                {
                    // A change was reported through the server since they were read: read them again.
                    bool found;
                    fixed (byte* namePtr = name)
                    {
                        found = ReadEntry(fd, namePtr, name, ahead.Inode, stream, out ahead.Node, out ahead.Attributes, out ahead.ChangeCount);
                    }

                    if (!found)
                    {
                        stream.Dequeue(); // removed since
                        continue;
                    }

                    stream.ReplaceFirst(ahead);
                }

                if (!visitor.Visit(name, ahead.Cookie, ahead.Node, ahead.Attributes))
                {
                    keep = Park(directory, cookie, stream);
                    return Nfs3Status.Ok;
                }

                cookie = ahead.Cookie;
                stream.Dequeue();
            }

            while (true)
            {
                if (!TryReadEntry(dir, out byte* namePtr, out ReadOnlySpan<byte> name, out ulong inode, out ulong next))
                {
                    endOfDirectory = true;
                    return Nfs3Status.Ok;
                }

                if (!ReadEntry(fd, namePtr, name, inode, stream, out NfsNodeId node, out NfsAttributes attributes, out long changeCount))
                {
                    continue; // removed while listing
                }

                if (!visitor.Visit(name, next, node, attributes))
                {
                    stream.Enqueue(name, new DirectoryStream.ListedEntry { Cookie = next, Inode = inode, Node = node, Attributes = attributes, ChangeCount = changeCount });
                    keep = Park(directory, cookie, stream);
                    return Nfs3Status.Ok;
                }

                cookie = next;
            }
        }
        finally
        {
            if (!keep)
            {
                stream.Dispose();
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Reads up to <paramref name="count"/> (at most <see cref="MaxReadAheadEntries"/>) further entries of the stream
    /// the last call left open at <paramref name="cookie"/>, with their attributes, so that the client's next call
    /// costs no <c>statx</c> while it decodes this reply. An entry read ahead is read again when any change was made
    /// through the server in between (the same rule as the attribute cache), so a listing never shows attributes
    /// older than the last change made through NFS.
    /// </remarks>
    public unsafe void ReadDirectoryAhead(NfsNodeId directory, ulong cookie, int count)
    {
        // Owned until parked again: a call for this cookie from another connection meanwhile opens a stream of its own.
        if (count <= 0 || !_streams.TryRemove((directory, cookie), out DirectoryStream? stream))
        {
            return;
        }

        nint dir = stream.Handle;
        int fd = Libc.dirfd(dir);
        int wanted = Math.Min(count, MaxReadAheadEntries);

        // At the end, the next call drains what was read and finds the end again.
        while (stream.Count < wanted && TryReadEntry(dir, out byte* namePtr, out ReadOnlySpan<byte> name, out ulong inode, out ulong next))
        {
            if (ReadEntry(fd, namePtr, name, inode, stream, out NfsNodeId node, out NfsAttributes attributes, out long changeCount))
            {
                stream.Enqueue(name, new DirectoryStream.ListedEntry { Cookie = next, Inode = inode, Node = node, Attributes = attributes, ChangeCount = changeCount });
            }
        }

        if (!Park(directory, cookie, stream))
        {
            stream.Dispose();
        }
    }

    /// <summary>
    /// The next entry of the directory stream <paramref name="dir"/> other than <c>.</c> and <c>..</c>: its name
    /// (<paramref name="namePtr"/> NUL-terminated, <paramref name="name"/> without the NUL), inode number, and the
    /// cookie that continues after it (its <c>d_off</c>). False at the end.
    /// </summary>
    private static unsafe bool TryReadEntry(nint dir, out byte* namePtr, out ReadOnlySpan<byte> name, out ulong inode, out ulong next)
    {
        while (true)
        {
            byte* entry = Libc.readdir(dir);
            if (entry == null)
            {
                namePtr = null;
                name = default;
                inode = next = 0;
                return false;
            }

            namePtr = entry + Libc.DirentNameOffset;
            name = new ReadOnlySpan<byte>(namePtr, (int)FindNul(namePtr));
            if (!name.SequenceEqual("."u8) && !name.SequenceEqual(".."u8))
            {
                inode = *(ulong*)(entry + Libc.DirentInodeOffset);
                next = *(ulong*)(entry + Libc.DirentOffsetOffset);
                return true;
            }
        }
    }

    /// <summary>
    /// The node and attributes of the entry <paramref name="namePtr"/> (NUL-terminated; <paramref name="name"/> without
    /// the NUL) of <paramref name="stream"/>'s directory, open as <paramref name="fd"/>: from the attribute cache while
    /// fresh, else from <c>statx</c>. <paramref name="changeCount"/> is the cache's change count from before the read.
    /// </summary>
    /// <returns>False when the entry is gone.</returns>
    private unsafe bool ReadEntry(int fd, byte* namePtr, ReadOnlySpan<byte> name, ulong inode, DirectoryStream stream, out NfsNodeId node, out NfsAttributes attributes, out long changeCount)
    {
        changeCount = _listedAttributes.ChangeCount;

        // The entry's inode number names its node unless it is a mount point (statx then shows another device; those
        // are never cached), so a fresh cached entry spares the statx.
        node = new NfsNodeId(stream.Device, inode);
        if (_listedAttributes.TryGet(node, out attributes) && _paths.ContainsKey(node))
        {
            return true;
        }

        if (Libc.StatxAt(fd, namePtr, Libc.AtSymlinkNoFollow, Libc.StatxBasicStats, out Libc.Statx cst) != 0)
        {
            return false;
        }

        node = new NfsNodeId(cst.Device, cst.Inode);
        if (!_paths.ContainsKey(node))
        {
            _paths[node] = Join(stream.Path, Encoding.UTF8.GetString(name));
        }

        attributes = Libc.ToAttributes(cst, cst.Device);
        if (cst.Device == stream.Device)
        {
            _listedAttributes.Store(node, attributes, changeCount);
        }

        return true;
    }

    /// <inheritdoc />
    public Nfs3Status SetAttributes(NfsNodeId node, in NfsSetAttributes attributes)
    {
        Nfs3Status status = SetAttributesCore(node, attributes);
        _listedAttributes.Forget(node); // also after a failure: an earlier step (truncate, chown) may have applied
        return status;
    }

    /// <inheritdoc />
    public Nfs3Status Create(NfsNodeId directory, string name, NfsCreateMode mode, in NfsSetAttributes attributes, ulong verifier, NfsOwner owner, out NfsNodeId node) =>
        NameSpaceChanged(CreateCore(directory, name, mode, attributes, verifier, owner, out node));

    /// <inheritdoc />
    public Nfs3Status MakeDirectory(NfsNodeId directory, string name, in NfsSetAttributes attributes, NfsOwner owner, out NfsNodeId node) =>
        NameSpaceChanged(MakeDirectoryCore(directory, name, attributes, owner, out node));

    /// <inheritdoc />
    public Nfs3Status MakeSymlink(NfsNodeId directory, string name, string target, in NfsSetAttributes attributes, NfsOwner owner, out NfsNodeId node) =>
        NameSpaceChanged(MakeSymlinkCore(directory, name, target, attributes, owner, out node));

    /// <inheritdoc />
    public Nfs3Status MakeNode(NfsNodeId directory, string name, NfsFileType type, uint major, uint minor, in NfsSetAttributes attributes, NfsOwner owner, out NfsNodeId node) =>
        NameSpaceChanged(MakeNodeCore(directory, name, type, major, minor, attributes, owner, out node));

    /// <inheritdoc />
    public Nfs3Status Remove(NfsNodeId directory, string name) => NameSpaceChanged(RemoveCore(directory, name));

    /// <inheritdoc />
    public Nfs3Status RemoveDirectory(NfsNodeId directory, string name) => NameSpaceChanged(RemoveDirectoryCore(directory, name));

    /// <inheritdoc />
    public Nfs3Status Rename(NfsNodeId fromDirectory, string fromName, NfsNodeId toDirectory, string toName) =>
        NameSpaceChanged(RenameCore(fromDirectory, fromName, toDirectory, toName));

    /// <inheritdoc />
    public Nfs3Status Link(NfsNodeId node, NfsNodeId directory, string name) => NameSpaceChanged(LinkCore(node, directory, name));

    /// <summary>After a create, remove, rename or link (done or not): directory times and link counts may have changed.</summary>
    private Nfs3Status NameSpaceChanged(Nfs3Status status)
    {
        _listedAttributes.ForgetAll();
        return status;
    }

    /// <summary>Keeps a directory stream for the call that continues at <paramref name="cookie"/>; false when the cache is full.</summary>
    private bool Park(NfsNodeId directory, ulong cookie, DirectoryStream stream)
    {
        if (_streams.Count >= MaxOpenDirectories)
        {
            foreach ((NfsNodeId, ulong) key in _streams.Keys)
            {
                if (_streams.TryRemove(key, out DirectoryStream? old))
                {
                    old.Dispose();
                }
            }
        }

        return _streams.TryAdd((directory, cookie), stream);
    }

    private unsafe Nfs3Status SetAttributesCore(NfsNodeId node, in NfsSetAttributes attributes)
    {
        if (_readOnly)
        {
            return Nfs3Status.ReadOnlyFileSystem;
        }

        if (!TryResolve(node, out string rel, out Libc.Statx st))
        {
            return Nfs3Status.Stale;
        }

        string path = Full(rel);
        bool isLink = (st.Mode & Libc.SIfMt) == Libc.SIfLnk;
        if (attributes.Size is { } size)
        {
            if ((st.Mode & Libc.SIfMt) != Libc.SIfReg)
            {
                return (st.Mode & Libc.SIfMt) == Libc.SIfDir ? Nfs3Status.IsDir : Nfs3Status.Invalid;
            }

            if (Libc.truncate(path, (long)size) != 0)
            {
                return Libc.LastStatus();
            }
        }

        if (attributes.Uid.HasValue || attributes.Gid.HasValue)
        {
            if (Libc.lchown(path, attributes.Uid ?? uint.MaxValue, attributes.Gid ?? uint.MaxValue) != 0)
            {
                return Libc.LastStatus();
            }
        }

        if (attributes.Mode is { } mode && !isLink && Libc.chmod(path, mode & 0xFFF) != 0)
        {
            return Libc.LastStatus();
        }

        if (attributes.AccessTimeHow != NfsTimeHow.DontChange || attributes.ModifyTimeHow != NfsTimeHow.DontChange)
        {
            Libc.Timespec* times = stackalloc Libc.Timespec[2];
            times[0] = ToTimespec(attributes.AccessTimeHow, attributes.AccessTime);
            times[1] = ToTimespec(attributes.ModifyTimeHow, attributes.ModifyTime);
            if (Libc.utimensat(Libc.AtFdCwd, path, times, Libc.AtSymlinkNoFollow) != 0)
            {
                return Libc.LastStatus();
            }
        }

        return Nfs3Status.Ok;
    }

    private unsafe Nfs3Status CreateCore(NfsNodeId directory, string name, NfsCreateMode mode, in NfsSetAttributes attributes, ulong verifier, NfsOwner owner, out NfsNodeId node)
    {
        node = default;
        Nfs3Status status = PrepareCreate(directory, name, out string childRel);
        if (status != Nfs3Status.Ok)
        {
            return status;
        }

        string path = Full(childRel);
        uint perms = (attributes.Mode ?? 0b110_100_100) & 0xFFF;
        int fd = Libc.Open(path, Libc.OWriteOnly | Libc.OCreate | Libc.OCloseOnExec | Libc.OExclusive, perms);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == 17 && Stat(path, out Libc.Statx existing))
            {
                var existingNode = new NfsNodeId(existing.Device, existing.Inode);
                bool regular = (existing.Mode & Libc.SIfMt) == Libc.SIfReg;
                if (mode == NfsCreateMode.Unchecked && regular)
                {
                    // RFC 1813 §3.3.8: UNCHECKED on an existing file keeps it (and its owner), applying only the size.
                    if (attributes.Size is { } newSize && Libc.truncate(path, (long)newSize) != 0)
                    {
                        return Libc.LastStatus();
                    }

                    node = existingNode;
                    _paths[node] = childRel;
                    return Nfs3Status.Ok;
                }

                if (mode == NfsCreateMode.Exclusive && regular
                    && (ulong)existing.AccessTime.Seconds == (verifier >> 32) && (ulong)existing.ModifyTime.Seconds == (verifier & 0xFFFF_FFFF))
                {
                    // RFC 1813 §3.3.8: a retried EXCLUSIVE create with the same verifier succeeds.
                    node = existingNode;
                    _paths[node] = childRel;
                    return Nfs3Status.Ok;
                }
            }

            return Libc.ToStatus(errno);
        }

        _ = Libc.Close(fd);
        if (!Stat(path, out Libc.Statx st))
        {
            return Libc.LastStatus();
        }

        _ = Libc.chmod(path, perms);
        _ = Libc.lchown(path, attributes.Uid ?? owner.Uid, attributes.Gid ?? owner.Gid);

        if (mode == NfsCreateMode.Exclusive)
        {
            // RFC 1813 §3.3.8: keep the verifier in the times (as Linux nfsd does); the client sets real times next.
            Libc.Timespec* times = stackalloc Libc.Timespec[2];
            times[0] = new Libc.Timespec { Seconds = (long)(verifier >> 32) };
            times[1] = new Libc.Timespec { Seconds = (long)(verifier & 0xFFFF_FFFF) };
            _ = Libc.utimensat(Libc.AtFdCwd, path, times, Libc.AtSymlinkNoFollow);
        }
        else if (attributes.Size is { } size && Libc.truncate(path, (long)size) != 0)
        {
            return Libc.LastStatus();
        }

        node = new NfsNodeId(st.Device, st.Inode);
        _paths[node] = childRel;
        return Nfs3Status.Ok;
    }

    private Nfs3Status MakeDirectoryCore(NfsNodeId directory, string name, in NfsSetAttributes attributes, NfsOwner owner, out NfsNodeId node)
    {
        node = default;
        Nfs3Status status = PrepareCreate(directory, name, out string childRel);
        if (status != Nfs3Status.Ok)
        {
            return status;
        }

        string path = Full(childRel);
        uint perms = (attributes.Mode ?? 0b111_101_101) & 0xFFF;
        if (Libc.mkdir(path, perms) != 0)
        {
            return Libc.LastStatus();
        }

        _ = Libc.chmod(path, perms);
        return Finish(childRel, path, attributes, owner, out node);
    }

    private Nfs3Status MakeSymlinkCore(NfsNodeId directory, string name, string target, in NfsSetAttributes attributes, NfsOwner owner, out NfsNodeId node)
    {
        node = default;
        Nfs3Status status = PrepareCreate(directory, name, out string childRel);
        if (status != Nfs3Status.Ok)
        {
            return status;
        }

        string path = Full(childRel);
        if (Libc.symlink(target, path) != 0)
        {
            return Libc.LastStatus();
        }

        return Finish(childRel, path, attributes, owner, out node);
    }

    private Nfs3Status MakeNodeCore(NfsNodeId directory, string name, NfsFileType type, uint major, uint minor, in NfsSetAttributes attributes, NfsOwner owner, out NfsNodeId node)
    {
        node = default;
        uint fmt = type switch
        {
            NfsFileType.Block => Libc.SIfBlk,
            NfsFileType.Character => Libc.SIfChr,
            NfsFileType.Fifo => Libc.SIfIfo,
            NfsFileType.Socket => Libc.SIfSock,
            _ => 0,
        };
        if (fmt == 0)
        {
            return Nfs3Status.BadType;
        }

        Nfs3Status status = PrepareCreate(directory, name, out string childRel);
        if (status != Nfs3Status.Ok)
        {
            return status;
        }

        string path = Full(childRel);
        uint perms = (attributes.Mode ?? 0b110_100_100) & 0xFFF;
        ulong dev = fmt is Libc.SIfBlk or Libc.SIfChr ? Libc.MakeDevice(major, minor) : 0;
        if (Libc.mknod(path, fmt | perms, dev) != 0)
        {
            return Libc.LastStatus();
        }

        _ = Libc.chmod(path, perms);
        return Finish(childRel, path, attributes, owner, out node);
    }

    private Nfs3Status RemoveCore(NfsNodeId directory, string name)
    {
        Nfs3Status status = PrepareChange(directory, name, out string childRel);
        if (status != Nfs3Status.Ok)
        {
            return status;
        }

        string path = Full(childRel);
        if (!Stat(path, out Libc.Statx st))
        {
            return Libc.LastStatus();
        }

        if ((st.Mode & Libc.SIfMt) == Libc.SIfDir)
        {
            return Nfs3Status.IsDir;
        }

        if (Libc.unlink(path) != 0)
        {
            return Libc.LastStatus();
        }

        var node = new NfsNodeId(st.Device, st.Inode);
        Evict(node);
        if (st.LinkCount <= 1)
        {
            _paths.TryRemove(node, out _);
        }

        return Nfs3Status.Ok;
    }

    private Nfs3Status RemoveDirectoryCore(NfsNodeId directory, string name)
    {
        Nfs3Status status = PrepareChange(directory, name, out string childRel);
        if (status != Nfs3Status.Ok)
        {
            return status;
        }

        if (name is "." or "..")
        {
            return Nfs3Status.Invalid;
        }

        string path = Full(childRel);
        Stat(path, out Libc.Statx st);
        if (Libc.rmdir(path) != 0)
        {
            return Libc.LastStatus();
        }

        _paths.TryRemove(new NfsNodeId(st.Device, st.Inode), out _);
        return Nfs3Status.Ok;
    }

    private Nfs3Status RenameCore(NfsNodeId fromDirectory, string fromName, NfsNodeId toDirectory, string toName)
    {
        Nfs3Status status = PrepareChange(fromDirectory, fromName, out string fromRel);
        if (status != Nfs3Status.Ok)
        {
            return status;
        }

        status = PrepareChange(toDirectory, toName, out string toRel);
        if (status != Nfs3Status.Ok)
        {
            return status;
        }

        if (fromName is "." or ".." || toName is "." or "..")
        {
            return Nfs3Status.Invalid;
        }

        string from = Full(fromRel);
        if (!Stat(from, out Libc.Statx st))
        {
            return Libc.LastStatus();
        }

        if (Libc.rename(from, Full(toRel)) != 0)
        {
            return Libc.LastStatus();
        }

        var node = new NfsNodeId(st.Device, st.Inode);
        _paths[node] = toRel;
        if ((st.Mode & Libc.SIfMt) == Libc.SIfDir)
        {
            string prefix = fromRel + "/";
            foreach (KeyValuePair<NfsNodeId, string> pair in _paths)
            {
                if (pair.Value.StartsWith(prefix, StringComparison.Ordinal))
                {
                    _paths[pair.Key] = toRel + "/" + pair.Value[prefix.Length..];
                }
            }
        }

        return Nfs3Status.Ok;
    }

    private Nfs3Status LinkCore(NfsNodeId node, NfsNodeId directory, string name)
    {
        if (!TryResolve(node, out string rel, out Libc.Statx st))
        {
            return Nfs3Status.Stale;
        }

        if ((st.Mode & Libc.SIfMt) == Libc.SIfDir)
        {
            return Nfs3Status.IsDir;
        }

        Nfs3Status status = PrepareCreate(directory, name, out string childRel);
        if (status != Nfs3Status.Ok)
        {
            return status;
        }

        return Libc.link(Full(rel), Full(childRel)) == 0 ? Nfs3Status.Ok : Libc.LastStatus();
    }

    /// <inheritdoc />
    public Nfs3Status GetStatistics(NfsNodeId node, out NfsFileSystemStatistics statistics)
    {
        statistics = default;
        if (!TryResolve(node, out string rel, out _))
        {
            return Nfs3Status.Stale;
        }

        if (Libc.statvfs(Full(rel), out Libc.StatVfs vfs) != 0)
        {
            return Libc.LastStatus();
        }

        ulong unit = vfs.FragmentSize == 0 ? vfs.BlockSize : vfs.FragmentSize;
        statistics = new NfsFileSystemStatistics(vfs.Blocks * unit, vfs.BlocksFree * unit, vfs.BlocksAvailable * unit, vfs.Files, vfs.FilesFree, vfs.FilesAvailable);
        return Nfs3Status.Ok;
    }

    /// <summary>Closes every cached open file.</summary>
    public void Dispose()
    {
        foreach (SafeFileHandle h in _readHandles.Values)
        {
            h.Dispose();
        }

        foreach (SafeFileHandle h in _writeHandles.Values)
        {
            h.Dispose();
        }

        _readHandles.Clear();
        _writeHandles.Clear();
        foreach (DirectoryStream d in _streams.Values)
        {
            d.Dispose();
        }

        _streams.Clear();
    }

    private Nfs3Status Finish(string childRel, string path, in NfsSetAttributes attributes, NfsOwner owner, out NfsNodeId node)
    {
        node = default;
        _ = Libc.lchown(path, attributes.Uid ?? owner.Uid, attributes.Gid ?? owner.Gid);
        if (!Stat(path, out Libc.Statx st))
        {
            return Libc.LastStatus();
        }

        node = new NfsNodeId(st.Device, st.Inode);
        _paths[node] = childRel;
        return Nfs3Status.Ok;
    }

    private Nfs3Status PrepareCreate(NfsNodeId directory, string name, out string childRel)
    {
        Nfs3Status status = PrepareChange(directory, name, out childRel);
        if (status == Nfs3Status.Ok && name is "." or "..")
        {
            return Nfs3Status.Exist;
        }

        return status;
    }

    private Nfs3Status PrepareChange(NfsNodeId directory, string name, out string childRel)
    {
        childRel = string.Empty;
        if (_readOnly)
        {
            return Nfs3Status.ReadOnlyFileSystem;
        }

        if (!TryResolve(directory, out string rel, out Libc.Statx st))
        {
            return Nfs3Status.Stale;
        }

        if ((st.Mode & Libc.SIfMt) != Libc.SIfDir)
        {
            return Nfs3Status.NotDir;
        }

        childRel = Join(rel, name);
        return Nfs3Status.Ok;
    }

    private Nfs3Status GetHandle(NfsNodeId node, bool write, out SafeFileHandle? handle)
    {
        ConcurrentDictionary<NfsNodeId, SafeFileHandle> cache = write ? _writeHandles : _readHandles;
        if (cache.TryGetValue(node, out handle) && !handle.IsClosed)
        {
            return Nfs3Status.Ok;
        }

        if (!TryResolve(node, out string rel, out Libc.Statx st))
        {
            return Nfs3Status.Stale;
        }

        uint fmt = st.Mode & Libc.SIfMt;
        if (fmt != Libc.SIfReg)
        {
            return fmt == Libc.SIfDir ? Nfs3Status.IsDir : Nfs3Status.Invalid;
        }

        try
        {
            handle = File.OpenHandle(Full(rel), FileMode.Open, write ? FileAccess.ReadWrite : FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (UnauthorizedAccessException)
        {
            return Nfs3Status.Access;
        }
        catch (IOException)
        {
            return Nfs3Status.IO;
        }

        if (cache.Count >= MaxOpenFiles)
        {
            foreach (NfsNodeId key in cache.Keys)
            {
                if (cache.TryRemove(key, out SafeFileHandle? old))
                {
                    old.Dispose();
                }
            }
        }

        if (!cache.TryAdd(node, handle))
        {
            handle.Dispose();
            handle = cache[node];
        }

        return Nfs3Status.Ok;
    }

    private void Evict(NfsNodeId node)
    {
        if (_readHandles.TryRemove(node, out SafeFileHandle? r))
        {
            r.Dispose();
        }

        if (_writeHandles.TryRemove(node, out SafeFileHandle? w))
        {
            w.Dispose();
        }
    }

    private bool TryResolve(NfsNodeId node, out string rel, out Libc.Statx st)
    {
        if (_paths.TryGetValue(node, out string? cached) && Stat(Full(cached), out st) && st.Device == node.Device && st.Inode == node.FileId)
        {
            rel = cached;
            return true;
        }

        // The node moved (renamed by another client or on the server) or the server restarted: search the export.
        if (Scan(node, out rel) && Stat(Full(rel), out st) && st.Device == node.Device && st.Inode == node.FileId)
        {
            _paths[node] = rel;
            return true;
        }

        rel = string.Empty;
        st = default;
        return false;
    }

    private unsafe bool Scan(NfsNodeId node, out string found)
    {
        var queue = new Queue<string>();
        queue.Enqueue(string.Empty);
        int visited = 0;
        while (queue.Count > 0 && visited < MaxScanEntries)
        {
            string rel = queue.Dequeue();
            nint dir = Libc.opendir(Full(rel));
            if (dir == 0)
            {
                continue;
            }

            try
            {
                int fd = Libc.dirfd(dir);
                byte* entry;
                while ((entry = Libc.readdir(dir)) != null && visited++ < MaxScanEntries)
                {
                    byte* namePtr = entry + Libc.DirentNameOffset;
                    var name = new ReadOnlySpan<byte>(namePtr, (int)FindNul(namePtr));
                    if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8))
                    {
                        continue;
                    }

                    byte type = entry[Libc.DirentTypeOffset];
                    ulong ino = *(ulong*)(entry + Libc.DirentInodeOffset);
                    if (ino == node.FileId || type == Libc.DtDir || type == Libc.DtUnknown)
                    {
                        if (Libc.StatxAt(fd, namePtr, Libc.AtSymlinkNoFollow, Libc.StatxBasicStats, out Libc.Statx st) != 0)
                        {
                            continue;
                        }

                        string childRel = Join(rel, Encoding.UTF8.GetString(name));
                        if (st.Inode == node.FileId && st.Device == node.Device)
                        {
                            found = childRel;
                            return true;
                        }

                        if ((st.Mode & Libc.SIfMt) == Libc.SIfDir)
                        {
                            queue.Enqueue(childRel);
                        }
                    }
                }
            }
            finally
            {
                _ = Libc.closedir(dir);
            }
        }

        found = string.Empty;
        return false;
    }

    private static unsafe nuint FindNul(byte* p)
    {
        nuint n = 0;
        while (p[n] != 0)
        {
            n++;
        }

        return n;
    }

    private static Libc.Timespec ToTimespec(NfsTimeHow how, NfsTime time) => how switch
    {
        NfsTimeHow.ServerTime => new Libc.Timespec { Nanoseconds = Libc.UtimeNow },
        NfsTimeHow.ClientTime => new Libc.Timespec { Seconds = time.Seconds, Nanoseconds = time.Nanoseconds },
        _ => new Libc.Timespec { Nanoseconds = Libc.UtimeOmit },
    };

    private string Full(string rel) => rel.Length == 0 ? _root : (_root == "/" ? "/" + rel : _root + "/" + rel);

    private static string Join(string rel, string name) => rel.Length == 0 ? name : rel + "/" + name;

    private static bool Stat(string path, out Libc.Statx st) =>
        Libc.StatxCall(Libc.AtFdCwd, path, Libc.AtSymlinkNoFollow, Libc.StatxBasicStats, out st) == 0;

    /// <summary>
    /// An open directory stream parked between READDIR calls, with the entries already read from it and not yet
    /// returned: the one the last call could not fit, then those read ahead. Used by one caller at a time (whoever
    /// took it out of the parked set).
    /// </summary>
    private sealed class DirectoryStream(nint handle, string path, ulong device) : IDisposable
    {
        private nint _handle = handle;
        private ListedEntry[] _entries = [];
        private byte[] _names = []; // each name followed by a NUL, for statx
        private int _first;
        private int _namesLength;

        public nint Handle => _handle;

        /// <summary>The directory's path relative to the export root.</summary>
        public string Path { get; } = path;

        /// <summary>The directory's device: entries on another are mount points.</summary>
        public ulong Device { get; } = device;

        /// <summary>How many entries are waiting.</summary>
        public int Count { get; private set; }

        public bool TryPeek(out ListedEntry entry)
        {
            entry = Count == 0 ? default : _entries[_first];
            return Count != 0;
        }

        public ReadOnlySpan<byte> NameOf(in ListedEntry entry) => _names.AsSpan(entry.NameStart, entry.NameLength);

        public void ReplaceFirst(in ListedEntry entry) => _entries[_first] = entry;

        public void Dequeue()
        {
            _first++;
            Count--;
        }

        /// <summary>Appends an entry, first giving back the room of entries already returned, then growing if still short.</summary>
        public void Enqueue(ReadOnlySpan<byte> name, ListedEntry entry)
        {
            int nameRoom = name.Length + 1;
            if (_first + Count == _entries.Length || _namesLength + nameRoom > _names.Length)
            {
                Compact();
            }

            if (Count == _entries.Length)
            {
                Grow(ref _entries, Count + 1);
            }

            if (_namesLength + nameRoom > _names.Length)
            {
                Grow(ref _names, _namesLength + nameRoom);
            }

            name.CopyTo(_names.AsSpan(_namesLength));
            _names[_namesLength + name.Length] = 0;
            entry.NameStart = _namesLength;
            entry.NameLength = name.Length;
            _entries[_first + Count] = entry;
            Count++;
            _namesLength += nameRoom;
        }

        /// <summary>Moves the waiting entries and their names to the front of the buffers.</summary>
        private void Compact()
        {
            if (_first == 0)
            {
                return;
            }

            int namesStart = Count == 0 ? _namesLength : _entries[_first].NameStart;
            _names.AsSpan(namesStart, _namesLength - namesStart).CopyTo(_names);
            _namesLength -= namesStart;
            for (int i = 0; i < Count; i++)
            {
                ListedEntry entry = _entries[_first + i];
                entry.NameStart -= namesStart;
                _entries[i] = entry;
            }

            _first = 0;
        }

        public void Dispose()
        {
            nint h = Interlocked.Exchange(ref _handle, 0);
            if (h == 0)
            {
                return;
            }

            _ = Libc.closedir(h);
            Return(ref _entries);
            Return(ref _names);
        }

        private static void Grow<T>(ref T[] array, int needed)
        {
            T[] larger = ArrayPool<T>.Shared.Rent(Math.Max(needed, Math.Max(16, array.Length * 2)));
            array.AsSpan().CopyTo(larger);
            Return(ref array);
            array = larger;
        }

        private static void Return<T>(ref T[] array)
        {
            if (array.Length != 0)
            {
                ArrayPool<T>.Shared.Return(array);
            }

            array = [];
        }

        /// <summary>An entry read from the stream and not yet returned; its name is in the stream's name buffer.</summary>
        public struct ListedEntry
        {
            public int NameStart;
            public int NameLength;
            public ulong Cookie;
            public ulong Inode;
            public NfsNodeId Node;
            public NfsAttributes Attributes;
            public long ChangeCount;
        }
    }
}
