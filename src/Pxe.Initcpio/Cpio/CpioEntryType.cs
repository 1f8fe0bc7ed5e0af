namespace Pxe.Initcpio;

/// <summary>The file type bits (<c>S_IFMT</c>) of a cpio entry's mode.</summary>
/// <remarks>Unknown values pass through untouched; readers never call <c>Enum.IsDefined</c>.</remarks>
public enum CpioEntryType : uint
{
    /// <summary>No type bits set (not valid in an archive; used as "unknown").</summary>
    None = 0,

    /// <summary>A named pipe (<c>S_IFIFO</c>).</summary>
    Fifo = 0x1000,

    /// <summary>A character device (<c>S_IFCHR</c>).</summary>
    CharacterDevice = 0x2000,

    /// <summary>A directory (<c>S_IFDIR</c>).</summary>
    Directory = 0x4000,

    /// <summary>A block device (<c>S_IFBLK</c>).</summary>
    BlockDevice = 0x6000,

    /// <summary>A regular file (<c>S_IFREG</c>).</summary>
    RegularFile = 0x8000,

    /// <summary>A symbolic link; its data is the link target (<c>S_IFLNK</c>).</summary>
    SymbolicLink = 0xA000,

    /// <summary>A socket (<c>S_IFSOCK</c>).</summary>
    Socket = 0xC000,
}
