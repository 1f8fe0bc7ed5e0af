namespace Pxe.Initcpio;

/// <summary>Encodes ASCII cpio headers into spans without allocating.</summary>
public static class CpioHeaderWriter
{
    private static ReadOnlySpan<byte> HexDigits => "0123456789ABCDEF"u8;

    /// <summary>The bytes a header with a <paramref name="nameByteCount"/>-byte name (NUL excluded) occupies, padding included.</summary>
    public static int GetEncodedLength(int nameByteCount)
    {
        int total = CpioLimits.HeaderLength + nameByteCount + 1;
        return total + CpioLayout.Padding(total);
    }

    /// <summary>The NUL bytes that follow <paramref name="dataLength"/> bytes of data.</summary>
    public static int GetDataPadding(long dataLength) => CpioLayout.Padding(dataLength);

    /// <summary>
    /// Writes the header for <paramref name="header"/> and <paramref name="name"/> (UTF-8, no NUL) followed by the NUL
    /// terminator and padding. On <see langword="false"/> (destination too small) <paramref name="bytesWritten"/> is 0.
    /// </summary>
    /// <remarks>Writes exactly <see cref="GetEncodedLength(int)"/> bytes.</remarks>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, holds a NUL, or is longer than <see cref="CpioLimits.MaxNameLength"/> - 1 bytes.</exception>
    public static bool TryWrite(Span<byte> destination, in CpioEntryHeader header, ReadOnlySpan<byte> name, CpioFormat format, out int bytesWritten)
    {
        if (name.IsEmpty || name.Length >= CpioLimits.MaxNameLength || name.IndexOf((byte)0) >= 0)
        {
            ThrowHelper.ThrowBadName(name.Length);
        }

        int length = GetEncodedLength(name.Length);
        if (destination.Length < length)
        {
            bytesWritten = 0;
            return false;
        }

        (format == CpioFormat.Crc ? CpioLayout.CrcMagic : CpioLayout.NewcMagic).CopyTo(destination);
        WriteHex(destination, CpioLayout.InodeOffset, header.Inode);
        WriteHex(destination, CpioLayout.ModeOffset, header.Mode);
        WriteHex(destination, CpioLayout.UidOffset, header.Uid);
        WriteHex(destination, CpioLayout.GidOffset, header.Gid);
        WriteHex(destination, CpioLayout.LinkCountOffset, header.LinkCount);
        WriteHex(destination, CpioLayout.MtimeOffset, header.ModificationTime);
        WriteHex(destination, CpioLayout.FileSizeOffset, header.FileSize);
        WriteHex(destination, CpioLayout.DevMajorOffset, header.DevMajor);
        WriteHex(destination, CpioLayout.DevMinorOffset, header.DevMinor);
        WriteHex(destination, CpioLayout.RdevMajorOffset, header.RdevMajor);
        WriteHex(destination, CpioLayout.RdevMinorOffset, header.RdevMinor);
        WriteHex(destination, CpioLayout.NameSizeOffset, (uint)name.Length + 1);
        WriteHex(destination, CpioLayout.CheckOffset, format == CpioFormat.Crc ? header.Check : 0);
        name.CopyTo(destination[CpioLimits.HeaderLength..]);
        destination[(CpioLimits.HeaderLength + name.Length)..length].Clear();
        bytesWritten = length;
        return true;
    }

    private static void WriteHex(Span<byte> destination, int offset, uint value)
    {
        Span<byte> field = destination.Slice(offset, 8);
        for (int i = 7; i >= 0; i--)
        {
            field[i] = HexDigits[(int)(value & 0xF)];
            value >>= 4;
        }
    }
}
