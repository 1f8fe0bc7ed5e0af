namespace Pxe.Nfs;

/// <summary>An NFS time (RFC 1813 §2.6, <c>nfstime3</c>).</summary>
/// <param name="Seconds">Seconds since the epoch.</param>
/// <param name="Nanoseconds">Nanoseconds.</param>
public readonly record struct NfsTime(uint Seconds, uint Nanoseconds)
{
    /// <summary>Converts from a <see cref="DateTimeOffset"/>.</summary>
    public static NfsTime FromDateTimeOffset(DateTimeOffset value)
    {
        long ticks = value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return new NfsTime((uint)(ticks / TimeSpan.TicksPerSecond), (uint)(ticks % TimeSpan.TicksPerSecond * 100));
    }
}

/// <summary>The identity of a file within one file system: device and file id (inode).</summary>
/// <param name="Device">The device (or 0 for a single-device backend).</param>
/// <param name="FileId">The file id, unique within the device.</param>
public readonly record struct NfsNodeId(ulong Device, ulong FileId);

/// <summary>File attributes (RFC 1813 §2.6, <c>fattr3</c>).</summary>
public struct NfsAttributes
{
    /// <summary>The encoded size of a <c>fattr3</c>: 84 bytes.</summary>
    public const int EncodedLength = 84;

    /// <summary>The file type.</summary>
    public NfsFileType Type { get; set; }

    /// <summary>Permission bits (the low 12 bits of the mode).</summary>
    public uint Mode { get; set; }

    /// <summary>Hard link count.</summary>
    public uint LinkCount { get; set; }

    /// <summary>Owner.</summary>
    public uint Uid { get; set; }

    /// <summary>Group.</summary>
    public uint Gid { get; set; }

    /// <summary>Size in bytes.</summary>
    public ulong Size { get; set; }

    /// <summary>Bytes of disk used.</summary>
    public ulong Used { get; set; }

    /// <summary>Device major number for block and character devices.</summary>
    public uint RdevMajor { get; set; }

    /// <summary>Device minor number.</summary>
    public uint RdevMinor { get; set; }

    /// <summary>The file system id.</summary>
    public ulong FileSystemId { get; set; }

    /// <summary>The file id (inode).</summary>
    public ulong FileId { get; set; }

    /// <summary>Last access.</summary>
    public NfsTime AccessTime { get; set; }

    /// <summary>Last data modification.</summary>
    public NfsTime ModifyTime { get; set; }

    /// <summary>Last attribute change.</summary>
    public NfsTime ChangeTime { get; set; }

    /// <summary>Writes the <c>fattr3</c> (84 bytes).</summary>
    public readonly void Write(ref XdrWriter writer)
    {
        writer.WriteUInt32((uint)Type);
        writer.WriteUInt32(Mode);
        writer.WriteUInt32(LinkCount);
        writer.WriteUInt32(Uid);
        writer.WriteUInt32(Gid);
        writer.WriteUInt64(Size);
        writer.WriteUInt64(Used);
        writer.WriteUInt32(RdevMajor);
        writer.WriteUInt32(RdevMinor);
        writer.WriteUInt64(FileSystemId);
        writer.WriteUInt64(FileId);
        WriteTime(ref writer, AccessTime);
        WriteTime(ref writer, ModifyTime);
        WriteTime(ref writer, ChangeTime);
    }

    /// <summary>Reads a <c>fattr3</c>.</summary>
    public static bool TryRead(ref XdrReader reader, out NfsAttributes attributes)
    {
        XdrReader r = reader;
        attributes = default;
        if (!r.TryReadUInt32(out uint type) || !r.TryReadUInt32(out uint mode) || !r.TryReadUInt32(out uint nlink)
            || !r.TryReadUInt32(out uint uid) || !r.TryReadUInt32(out uint gid) || !r.TryReadUInt64(out ulong size)
            || !r.TryReadUInt64(out ulong used) || !r.TryReadUInt32(out uint major) || !r.TryReadUInt32(out uint minor)
            || !r.TryReadUInt64(out ulong fsid) || !r.TryReadUInt64(out ulong fileid)
            || !TryReadTime(ref r, out NfsTime atime) || !TryReadTime(ref r, out NfsTime mtime) || !TryReadTime(ref r, out NfsTime ctime))
        {
            return false;
        }

        attributes = new NfsAttributes
        {
            Type = (NfsFileType)type, Mode = mode, LinkCount = nlink, Uid = uid, Gid = gid, Size = size, Used = used,
            RdevMajor = major, RdevMinor = minor, FileSystemId = fsid, FileId = fileid,
            AccessTime = atime, ModifyTime = mtime, ChangeTime = ctime,
        };
        reader = r;
        return true;
    }

    /// <summary>Writes an <c>nfstime3</c>.</summary>
    public static void WriteTime(ref XdrWriter writer, NfsTime time)
    {
        writer.WriteUInt32(time.Seconds);
        writer.WriteUInt32(time.Nanoseconds);
    }

    /// <summary>Reads an <c>nfstime3</c>.</summary>
    public static bool TryReadTime(ref XdrReader reader, out NfsTime time)
    {
        XdrReader r = reader;
        if (r.TryReadUInt32(out uint s) && r.TryReadUInt32(out uint ns))
        {
            time = new NfsTime(s, ns);
            reader = r;
            return true;
        }

        time = default;
        return false;
    }
}

/// <summary>How SETATTR sets a time (RFC 1813 §2.6, <c>time_how</c>).</summary>
public enum NfsTimeHow : uint
{
    /// <summary>Leave unchanged.</summary>
    DontChange = 0,
    /// <summary>Set to the server's clock.</summary>
    ServerTime = 1,
    /// <summary>Set to the given time.</summary>
    ClientTime = 2,
}

/// <summary>Attributes to set (RFC 1813 §2.6, <c>sattr3</c>).</summary>
public struct NfsSetAttributes
{
    /// <summary>New mode bits, if set.</summary>
    public uint? Mode { get; set; }

    /// <summary>New owner, if set.</summary>
    public uint? Uid { get; set; }

    /// <summary>New group, if set.</summary>
    public uint? Gid { get; set; }

    /// <summary>New size, if set.</summary>
    public ulong? Size { get; set; }

    /// <summary>How to set the access time.</summary>
    public NfsTimeHow AccessTimeHow { get; set; }

    /// <summary>The access time for <see cref="NfsTimeHow.ClientTime"/>.</summary>
    public NfsTime AccessTime { get; set; }

    /// <summary>How to set the modification time.</summary>
    public NfsTimeHow ModifyTimeHow { get; set; }

    /// <summary>The modification time for <see cref="NfsTimeHow.ClientTime"/>.</summary>
    public NfsTime ModifyTime { get; set; }

    /// <summary>Reads a <c>sattr3</c>.</summary>
    public static bool TryRead(ref XdrReader reader, out NfsSetAttributes value)
    {
        XdrReader r = reader;
        value = default;
        var v = new NfsSetAttributes();
        if (!r.TryReadBoolean(out bool set))
        {
            return false;
        }

        if (set)
        {
            if (!r.TryReadUInt32(out uint mode)) { return false; }
            v.Mode = mode;
        }

        if (!r.TryReadBoolean(out set)) { return false; }
        if (set)
        {
            if (!r.TryReadUInt32(out uint uid)) { return false; }
            v.Uid = uid;
        }

        if (!r.TryReadBoolean(out set)) { return false; }
        if (set)
        {
            if (!r.TryReadUInt32(out uint gid)) { return false; }
            v.Gid = gid;
        }

        if (!r.TryReadBoolean(out set)) { return false; }
        if (set)
        {
            if (!r.TryReadUInt64(out ulong size)) { return false; }
            v.Size = size;
        }

        if (!TryReadTimeHow(ref r, out NfsTimeHow ah, out NfsTime at) || !TryReadTimeHow(ref r, out NfsTimeHow mh, out NfsTime mt))
        {
            return false;
        }

        v.AccessTimeHow = ah;
        v.AccessTime = at;
        v.ModifyTimeHow = mh;
        v.ModifyTime = mt;
        value = v;
        reader = r;
        return true;
    }

    /// <summary>Writes a <c>sattr3</c>.</summary>
    public readonly void Write(ref XdrWriter writer)
    {
        writer.WriteBoolean(Mode.HasValue);
        if (Mode is { } m) { writer.WriteUInt32(m); }
        writer.WriteBoolean(Uid.HasValue);
        if (Uid is { } u) { writer.WriteUInt32(u); }
        writer.WriteBoolean(Gid.HasValue);
        if (Gid is { } g) { writer.WriteUInt32(g); }
        writer.WriteBoolean(Size.HasValue);
        if (Size is { } s) { writer.WriteUInt64(s); }
        writer.WriteUInt32((uint)AccessTimeHow);
        if (AccessTimeHow == NfsTimeHow.ClientTime) { NfsAttributes.WriteTime(ref writer, AccessTime); }
        writer.WriteUInt32((uint)ModifyTimeHow);
        if (ModifyTimeHow == NfsTimeHow.ClientTime) { NfsAttributes.WriteTime(ref writer, ModifyTime); }
    }

    private static bool TryReadTimeHow(ref XdrReader r, out NfsTimeHow how, out NfsTime time)
    {
        time = default;
        how = default;
        if (!r.TryReadUInt32(out uint raw) || raw > 2)
        {
            return false;
        }

        how = (NfsTimeHow)raw;
        return how != NfsTimeHow.ClientTime || NfsAttributes.TryReadTime(ref r, out time);
    }
}

/// <summary>File-system statistics for FSSTAT (RFC 1813 §3.3.18).</summary>
/// <param name="TotalBytes">Total size.</param>
/// <param name="FreeBytes">Free bytes.</param>
/// <param name="AvailableBytes">Bytes available to non-root users.</param>
/// <param name="TotalFiles">Total file slots.</param>
/// <param name="FreeFiles">Free file slots.</param>
/// <param name="AvailableFiles">File slots available to non-root users.</param>
public readonly record struct NfsFileSystemStatistics(ulong TotalBytes, ulong FreeBytes, ulong AvailableBytes, ulong TotalFiles, ulong FreeFiles, ulong AvailableFiles);

/// <summary>The owner given to a new file: the caller's (squashed) uid and gid.</summary>
/// <param name="Uid">User id.</param>
/// <param name="Gid">Group id.</param>
public readonly record struct NfsOwner(uint Uid, uint Gid);
