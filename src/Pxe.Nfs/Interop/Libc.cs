using System.Runtime.InteropServices;

namespace Pxe.Nfs.Interop;

/// <summary>
/// The Linux libc calls .NET does not offer (or offers only following symlinks). Structures use the layouts that are
/// identical on every 64-bit Linux glibc: <c>statx</c> (architecture-independent by design), <c>statvfs</c> and
/// <c>dirent64</c>.
/// </summary>
internal static unsafe partial class Libc
{
    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const uint StatxBasicStats = 0x7ff;
    public const int UtimeNow = (1 << 30) - 1;
    public const int UtimeOmit = (1 << 30) - 2;

    public const uint SIfMt = 0xF000;
    public const uint SIfSock = 0xC000;
    public const uint SIfLnk = 0xA000;
    public const uint SIfReg = 0x8000;
    public const uint SIfBlk = 0x6000;
    public const uint SIfDir = 0x4000;
    public const uint SIfChr = 0x2000;
    public const uint SIfIfo = 0x1000;

    [StructLayout(LayoutKind.Sequential)]
    public struct StatxTimestamp
    {
        public long Seconds;
        public uint Nanoseconds;
        public int Reserved;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Statx
    {
        public uint Mask;
        public uint BlockSize;
        public ulong Attributes;
        public uint LinkCount;
        public uint Uid;
        public uint Gid;
        public ushort Mode;
        public ushort Spare0;
        public ulong Inode;
        public ulong Size;
        public ulong Blocks;
        public ulong AttributesMask;
        public StatxTimestamp AccessTime;
        public StatxTimestamp BirthTime;
        public StatxTimestamp ChangeTime;
        public StatxTimestamp ModifyTime;
        public uint RdevMajor;
        public uint RdevMinor;
        public uint DevMajor;
        public uint DevMinor;
        public fixed ulong Spare2[14];

        public readonly ulong Device => ((ulong)DevMajor << 32) | DevMinor;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct StatVfs
    {
        public ulong BlockSize;
        public ulong FragmentSize;
        public ulong Blocks;
        public ulong BlocksFree;
        public ulong BlocksAvailable;
        public ulong Files;
        public ulong FilesFree;
        public ulong FilesAvailable;
        public ulong FileSystemId;
        public ulong Flags;
        public ulong NameMax;
        public fixed int Spare[6];
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int StatxCall(int dirfd, string path, int flags, uint mask, out Statx buffer);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    public static partial int StatxAt(int dirfd, byte* path, int flags, uint mask, out Statx buffer);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int statvfs(string path, out StatVfs buffer);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mknod(string path, uint mode, ulong device);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int lchown(string path, uint owner, uint group);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int chmod(string path, uint mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int link(string oldPath, string newPath);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int symlink(string target, string linkPath);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint readlink(string path, byte* buffer, nint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rename(string oldPath, string newPath);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int unlink(string path);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rmdir(string path);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mkdir(string path, uint mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int truncate(string path, long length);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int utimensat(int dirfd, string path, Timespec* times, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fsync(nint fd);

    public const int OWriteOnly = 0x1;
    public const int OCreate = 0x40;
    public const int OExclusive = 0x80;
    public const int OCloseOnExec = 0x80000;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fdatasync(nint fd);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint opendir(string path);

    [LibraryImport("libc", SetLastError = true)]
    public static partial byte* readdir(nint dir);

    [LibraryImport("libc")]
    public static partial void seekdir(nint dir, long position);

    [LibraryImport("libc")]
    public static partial int closedir(nint dir);

    [LibraryImport("libc")]
    public static partial int dirfd(nint dir);

    /// <summary>dirent64 offsets (glibc, 64-bit).</summary>
    public const int DirentInodeOffset = 0;
    public const int DirentOffsetOffset = 8;
    public const int DirentTypeOffset = 18;
    public const int DirentNameOffset = 19;
    public const byte DtDir = 4;
    public const byte DtLnk = 10;
    public const byte DtUnknown = 0;

    /// <summary>Maps an errno to an NFSv3 status (RFC 1813 §2.6).</summary>
    public static Nfs3Status ToStatus(int errno) => errno switch
    {
        1 => Nfs3Status.Perm,
        2 => Nfs3Status.NoEnt,
        6 => Nfs3Status.NxIO,
        13 => Nfs3Status.Access,
        17 => Nfs3Status.Exist,
        18 => Nfs3Status.XDev,
        19 => Nfs3Status.NoDev,
        20 => Nfs3Status.NotDir,
        21 => Nfs3Status.IsDir,
        22 => Nfs3Status.Invalid,
        27 => Nfs3Status.FBig,
        28 => Nfs3Status.NoSpace,
        30 => Nfs3Status.ReadOnlyFileSystem,
        31 => Nfs3Status.MLink,
        36 => Nfs3Status.NameTooLong,
        39 => Nfs3Status.NotEmpty,
        40 => Nfs3Status.Invalid, // ELOOP
        95 => Nfs3Status.NotSupported,
        122 => Nfs3Status.DQuot,
        _ => Nfs3Status.IO,
    };

    /// <summary>The status for the last libc error.</summary>
    public static Nfs3Status LastStatus() => ToStatus(Marshal.GetLastPInvokeError());

    /// <summary>Converts statx results to <see cref="NfsAttributes"/>.</summary>
    public static NfsAttributes ToAttributes(in Statx st, ulong fileSystemId)
    {
        uint fmt = st.Mode & SIfMt;
        NfsFileType type = fmt switch
        {
            SIfDir => NfsFileType.Directory,
            SIfLnk => NfsFileType.Symlink,
            SIfBlk => NfsFileType.Block,
            SIfChr => NfsFileType.Character,
            SIfSock => NfsFileType.Socket,
            SIfIfo => NfsFileType.Fifo,
            _ => NfsFileType.Regular,
        };
        return new NfsAttributes
        {
            Type = type,
            Mode = st.Mode & 0xFFFu,
            LinkCount = st.LinkCount,
            Uid = st.Uid,
            Gid = st.Gid,
            Size = st.Size,
            Used = st.Blocks * 512,
            RdevMajor = st.RdevMajor,
            RdevMinor = st.RdevMinor,
            FileSystemId = fileSystemId,
            FileId = st.Inode,
            AccessTime = new NfsTime((uint)st.AccessTime.Seconds, st.AccessTime.Nanoseconds),
            ModifyTime = new NfsTime((uint)st.ModifyTime.Seconds, st.ModifyTime.Nanoseconds),
            ChangeTime = new NfsTime((uint)st.ChangeTime.Seconds, st.ChangeTime.Nanoseconds),
        };
    }

    /// <summary>The makedev encoding glibc uses.</summary>
    public static ulong MakeDevice(uint major, uint minor) =>
        ((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0xfff) << 8) | ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xff);
}
