using System.Runtime.InteropServices;

namespace Pxe.Initcpio;

/// <summary>
/// The few POSIX calls .NET does not expose: <c>lstat</c> (inode, link count, owner, device numbers),
/// <c>mknod</c>, <c>link</c>, <c>lchown</c> and <c>utimensat</c> (symlink times). Linux on x86-64 and arm64 only;
/// the <c>struct stat</c> layouts of both are decoded from a raw buffer.
/// </summary>
internal static partial class LibC
{
    private const int StatBufferLength = 256;
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;

    /// <summary>The fields of <c>struct stat</c> the archive needs.</summary>
    internal readonly record struct FileStatus(ulong Device, ulong Inode, uint Mode, ulong LinkCount, uint Uid, uint Gid, ulong RDevice, long Size, long ModificationSeconds)
    {
        public uint Major => (uint)(((RDevice >> 8) & 0xFFF) | ((RDevice >> 32) & 0xFFFF_F000));

        public uint Minor => (uint)((RDevice & 0xFF) | ((RDevice >> 12) & 0xFFFF_FF00));

        public uint DeviceMajor => (uint)(((Device >> 8) & 0xFFF) | ((Device >> 32) & 0xFFFF_F000));

        public uint DeviceMinor => (uint)((Device & 0xFF) | ((Device >> 12) & 0xFFFF_FF00));
    }

    public static FileStatus LStat(string path)
    {
        Span<byte> buffer = stackalloc byte[StatBufferLength];
        if (lstat(path, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"lstat {path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }

        if (RuntimeInformation.ProcessArchitecture == Architecture.X64)
        {
            // x86-64: dev 0, ino 8, nlink 16 (8 bytes), mode 24, uid 28, gid 32, rdev 40, size 48, mtime 88.
            return new FileStatus(
                Read64(buffer, 0), Read64(buffer, 8), Read32(buffer, 24), Read64(buffer, 16), Read32(buffer, 28), Read32(buffer, 32),
                Read64(buffer, 40), (long)Read64(buffer, 48), (long)Read64(buffer, 88));
        }

        if (RuntimeInformation.ProcessArchitecture == Architecture.Arm64)
        {
            // asm-generic: dev 0, ino 8, mode 16, nlink 20 (4 bytes), uid 24, gid 28, rdev 32, size 48, mtime 88.
            return new FileStatus(
                Read64(buffer, 0), Read64(buffer, 8), Read32(buffer, 16), Read32(buffer, 20), Read32(buffer, 24), Read32(buffer, 28),
                Read64(buffer, 32), (long)Read64(buffer, 48), (long)Read64(buffer, 88));
        }

        throw new PlatformNotSupportedException("reading inode metadata is implemented for Linux x86-64 and arm64");
    }

    public static void MakeNode(string path, uint mode, uint major, uint minor)
    {
        ulong dev = ((ulong)(major & 0xFFFF_F000) << 32) | ((ulong)(major & 0xFFF) << 8) | ((ulong)(minor & 0xFFFF_FF00) << 12) | (minor & 0xFF);
        Check(mknod(path, mode, dev), "mknod", path);
    }

    public static void Link(string existing, string newPath) => Check(link(existing, newPath), "link", newPath);

    public static void LChown(string path, uint uid, uint gid) => Check(lchown(path, uid, gid), "lchown", path);

    public static void SetModificationTime(string path, long seconds)
    {
        // [atime, mtime] as two struct timespec {tv_sec, tv_nsec}.
        Span<long> times = [seconds, 0, seconds, 0];
        Check(utimensat(AtFdCwd, path, ref MemoryMarshal.GetReference(times), AtSymlinkNoFollow), "utimensat", path);
    }

    private static void Check(int result, string call, string path)
    {
        if (result != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"{call} {path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }
    }

    private static ulong Read64(ReadOnlySpan<byte> b, int offset) => System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(b[offset..]);

    private static uint Read32(ReadOnlySpan<byte> b, int offset) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(b[offset..]);

    [LibraryImport("libc", EntryPoint = "lstat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lstat(string path, ref byte buffer);

    [LibraryImport("libc", EntryPoint = "mknod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mknod(string path, uint mode, ulong dev);

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int link(string existing, string newPath);

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lchown(string path, uint uid, uint gid);

    [LibraryImport("libc", EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int utimensat(int dirfd, string path, ref long times, int flags);
}
