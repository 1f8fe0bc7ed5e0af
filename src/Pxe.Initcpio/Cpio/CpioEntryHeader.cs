using System.Diagnostics;

namespace Pxe.Initcpio;

/// <summary>
/// The decoded numeric fields of one cpio header (everything but the name). A plain value type: building or
/// copying one never allocates.
/// </summary>
[DebuggerDisplay("{Type} mode={Permissions} size={FileSize} ino={Inode}")]
public readonly record struct CpioEntryHeader
{
    /// <summary>The inode number; entries with the same inode and device numbers and <see cref="LinkCount"/> &gt; 1 are hard links.</summary>
    public uint Inode { get; init; }

    /// <summary>The full mode: type bits (<see cref="Type"/>) and permission bits.</summary>
    public uint Mode { get; init; }

    /// <summary>The owner's user id.</summary>
    public uint Uid { get; init; }

    /// <summary>The owner's group id.</summary>
    public uint Gid { get; init; }

    /// <summary>The number of links to the inode.</summary>
    public uint LinkCount { get; init; }

    /// <summary>The modification time, seconds since the Unix epoch.</summary>
    public uint ModificationTime { get; init; }

    /// <summary>The number of data bytes that follow the name.</summary>
    public uint FileSize { get; init; }

    /// <summary>Major number of the device that held the file.</summary>
    public uint DevMajor { get; init; }

    /// <summary>Minor number of the device that held the file.</summary>
    public uint DevMinor { get; init; }

    /// <summary>Major number of a character or block device entry.</summary>
    public uint RdevMajor { get; init; }

    /// <summary>Minor number of a character or block device entry.</summary>
    public uint RdevMinor { get; init; }

    /// <summary>The check field: 0 in <see cref="CpioFormat.Newc"/>, the data byte sum in <see cref="CpioFormat.Crc"/>.</summary>
    public uint Check { get; init; }

    /// <summary>The file type encoded in <see cref="Mode"/>.</summary>
    public CpioEntryType Type => (CpioEntryType)(Mode & 0xF000);

    /// <summary>The permission bits (including set-uid, set-gid and sticky) encoded in <see cref="Mode"/>.</summary>
    public UnixFileMode Permissions => (UnixFileMode)(Mode & 0xFFF);

    /// <summary>Builds a header with the mode assembled from <paramref name="type"/> and <paramref name="permissions"/>.</summary>
    public static CpioEntryHeader Create(CpioEntryType type, UnixFileMode permissions, uint fileSize = 0) =>
        new() { Mode = (uint)type | ((uint)permissions & 0xFFF), FileSize = fileSize, LinkCount = type == CpioEntryType.Directory ? 2u : 1u };
}
