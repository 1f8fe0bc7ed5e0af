using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Pxe.Initcpio;

internal static class ThrowHelper
{
    [DoesNotReturn]
    [StackTraceHidden]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowBadName(int length) =>
        throw new ArgumentException($"a cpio name must be 1 to {CpioLimits.MaxNameLength - 1} bytes without NUL (got {length} bytes)");

    [DoesNotReturn]
    [StackTraceHidden]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowFileTooLarge(long length) =>
        throw new ArgumentOutOfRangeException(nameof(length), length, $"a cpio entry holds at most {CpioLimits.MaxFileSize} bytes");

    [DoesNotReturn]
    [StackTraceHidden]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowContent(CpioParseStatus status, long offset) =>
        throw new CpioContentException(status, $"malformed cpio archive at byte {offset}: {Describe(status)}");

    [DoesNotReturn]
    [StackTraceHidden]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowCompleted() =>
        throw new InvalidOperationException("the archive's trailer has been written; no more entries can be added");

    public static string Describe(CpioParseStatus status) => status switch
    {
        CpioParseStatus.Truncated => "the archive ends inside an entry (truncated)",
        CpioParseStatus.BadMagic => "not a cpio newc/crc header (magic is not 070701 or 070702)",
        CpioParseStatus.BadHexField => "a header field is not 8 hexadecimal digits",
        CpioParseStatus.BadNameLength => $"the name size is 0 or above {CpioLimits.MaxNameLength}",
        CpioParseStatus.BadNameTerminator => "the name is not NUL-terminated at its declared size",
        CpioParseStatus.BadLinkTarget => $"a symbolic link target is empty or longer than {CpioLimits.MaxLinkTargetLength} bytes",
        CpioParseStatus.ChecksumMismatch => "the data does not match the crc header's checksum",
        CpioParseStatus.UnsupportedCompression => "the archive is compressed with a method not supported here (only gzip and zstd are)",
        CpioParseStatus.UnsafeName => "an entry name escapes the destination (.. or a symbolic link on its path)",
        CpioParseStatus.BadSegment => "unexpected bytes after a trailer",
        CpioParseStatus.BadCompressedData => "the compressed stream is corrupt",
        _ => status.ToString(),
    };
}
