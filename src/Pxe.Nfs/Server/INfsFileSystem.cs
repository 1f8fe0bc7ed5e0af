namespace Pxe.Nfs;

/// <summary>Receives directory entries from <see cref="INfsFileSystem.ReadDirectory"/>.</summary>
public interface INfsDirectoryVisitor
{
    /// <summary>
    /// Offers one entry. <paramref name="cookie"/> is the value a client sends to continue after this entry; it must
    /// stay valid while the directory is unchanged (and ideally after changes). Return <see langword="false"/> when
    /// the entry does not fit: it is then not part of this reply and the listing stops.
    /// </summary>
    bool Visit(scoped ReadOnlySpan<byte> name, ulong cookie, NfsNodeId node, in NfsAttributes attributes);
}

/// <summary>
/// The backend an NFSv3 export serves: a tree of nodes identified by <see cref="NfsNodeId"/> (device and file id,
/// stable across restarts for on-disk backends). Every method returns an <see cref="Nfs3Status"/>; none throws for a
/// missing file or a client mistake. Names are single components: never empty, never containing '/' or NUL
/// (the server checks), and <c>..</c> at the root must resolve to the root.
/// </summary>
public interface INfsFileSystem
{
    /// <summary>The root directory of the tree.</summary>
    NfsNodeId Root { get; }

    /// <summary>Gets the attributes of <paramref name="node"/>; <see cref="Nfs3Status.Stale"/> when it no longer exists.</summary>
    Nfs3Status GetAttributes(NfsNodeId node, out NfsAttributes attributes);

    /// <summary>Looks up <paramref name="name"/> (including <c>.</c> and <c>..</c>) in <paramref name="directory"/>; symlinks are returned, not followed.</summary>
    Nfs3Status Lookup(NfsNodeId directory, string name, out NfsNodeId node);

    /// <summary>Reads up to <paramref name="destination"/>.Length bytes at <paramref name="offset"/>.</summary>
    Nfs3Status Read(NfsNodeId node, long offset, Span<byte> destination, out int bytesRead, out bool endOfFile);

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/>; <paramref name="committed"/> says how stable it is now.</summary>
    Nfs3Status Write(NfsNodeId node, long offset, ReadOnlySpan<byte> data, NfsStableHow stable, out NfsStableHow committed);

    /// <summary>Flushes earlier unstable writes of <paramref name="node"/> to stable storage.</summary>
    Nfs3Status Commit(NfsNodeId node);

    /// <summary>Reads the target of a symbolic link (the bytes as stored; never resolved).</summary>
    Nfs3Status ReadLink(NfsNodeId node, out string target);

    /// <summary>
    /// Lists <paramref name="directory"/> from <paramref name="cookie"/> (0 = the start) to <paramref name="visitor"/>,
    /// skipping <c>.</c> and <c>..</c>. <paramref name="endOfDirectory"/> is set when every remaining entry was accepted.
    /// </summary>
    Nfs3Status ReadDirectory<TVisitor>(NfsNodeId directory, ulong cookie, ref TVisitor visitor, out bool endOfDirectory)
        where TVisitor : INfsDirectoryVisitor, allows ref struct;

    /// <summary>
    /// Told that a client listed <paramref name="directory"/> up to <paramref name="cookie"/> and is about to ask for
    /// the rest, while the connection has nothing else to do: a backend may read the next <paramref name="count"/>
    /// entries and their attributes now, so that the <see cref="ReadDirectory"/> that continues from
    /// <paramref name="cookie"/> finds them ready. A hint: the default does nothing, and entries read ahead must not
    /// hide a change made through the backend since they were read.
    /// </summary>
    void ReadDirectoryAhead(NfsNodeId directory, ulong cookie, int count)
    {
    }

    /// <summary>Changes attributes.</summary>
    Nfs3Status SetAttributes(NfsNodeId node, in NfsSetAttributes attributes);

    /// <summary>Creates a regular file. For <see cref="NfsCreateMode.Exclusive"/>, <paramref name="verifier"/> makes a retry succeed.</summary>
    Nfs3Status Create(NfsNodeId directory, string name, NfsCreateMode mode, in NfsSetAttributes attributes, ulong verifier, NfsOwner owner, out NfsNodeId node);

    /// <summary>Creates a directory.</summary>
    Nfs3Status MakeDirectory(NfsNodeId directory, string name, in NfsSetAttributes attributes, NfsOwner owner, out NfsNodeId node);

    /// <summary>Creates a symbolic link whose target is stored verbatim.</summary>
    Nfs3Status MakeSymlink(NfsNodeId directory, string name, string target, in NfsSetAttributes attributes, NfsOwner owner, out NfsNodeId node);

    /// <summary>Creates a device node, FIFO or socket.</summary>
    Nfs3Status MakeNode(NfsNodeId directory, string name, NfsFileType type, uint major, uint minor, in NfsSetAttributes attributes, NfsOwner owner, out NfsNodeId node);

    /// <summary>Removes a non-directory entry.</summary>
    Nfs3Status Remove(NfsNodeId directory, string name);

    /// <summary>Removes an empty directory.</summary>
    Nfs3Status RemoveDirectory(NfsNodeId directory, string name);

    /// <summary>Renames an entry, replacing a compatible target.</summary>
    Nfs3Status Rename(NfsNodeId fromDirectory, string fromName, NfsNodeId toDirectory, string toName);

    /// <summary>Creates a hard link to <paramref name="node"/>.</summary>
    Nfs3Status Link(NfsNodeId node, NfsNodeId directory, string name);

    /// <summary>Returns space and file-count statistics.</summary>
    Nfs3Status GetStatistics(NfsNodeId node, out NfsFileSystemStatistics statistics);
}
