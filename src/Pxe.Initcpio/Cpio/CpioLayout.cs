namespace Pxe.Initcpio;

/// <summary>Offsets of the fields in the 110-byte ASCII cpio header, declared once.</summary>
/// <remarks>
/// <code>
///  0      6        14       22       30       38       46       54       62       70       78       86       94       102      110
///  +------+--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+
///  |magic | ino    | mode   | uid    | gid    | nlink  | mtime  |filesize|devmajor|devminor|rdevmaj |rdevmin |namesize| check  |
///  +------+--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+
///  then namesize bytes of name (NUL included), NUL padding to 4, filesize bytes of data, NUL padding to 4.
/// </code>
/// </remarks>
internal static class CpioLayout
{
    public const int MagicOffset = 0;
    public const int MagicLength = 6;
    public const int FieldLength = 8;
    public const int InodeOffset = 6;
    public const int ModeOffset = 14;
    public const int UidOffset = 22;
    public const int GidOffset = 30;
    public const int LinkCountOffset = 38;
    public const int MtimeOffset = 46;
    public const int FileSizeOffset = 54;
    public const int DevMajorOffset = 62;
    public const int DevMinorOffset = 70;
    public const int RdevMajorOffset = 78;
    public const int RdevMinorOffset = 86;
    public const int NameSizeOffset = 94;
    public const int CheckOffset = 102;

    public static ReadOnlySpan<byte> NewcMagic => "070701"u8;

    public static ReadOnlySpan<byte> CrcMagic => "070702"u8;

    public static ReadOnlySpan<byte> Trailer => "TRAILER!!!"u8;

    /// <summary>Bytes needed to pad <paramref name="length"/> up to a multiple of <see cref="CpioLimits.Alignment"/>.</summary>
    public static int Padding(long length) => (int)((CpioLimits.Alignment - (length & (CpioLimits.Alignment - 1))) & (CpioLimits.Alignment - 1));
}
