using System.Buffers;
using System.Diagnostics;

namespace Pxe.Initcpio;

/// <summary>
/// A view of one ASCII cpio header and its name over a <see cref="ReadOnlySpan{T}"/>. Creating one validates the
/// magic, every hexadecimal field and the name, after which no accessor can fail; fields decode on demand and
/// nothing allocates.
/// </summary>
/// <remarks>
/// Format: the kernel's <c>buffer-format.rst</c> and GNU cpio's "New ASCII Format" (magic <c>070701</c>) and
/// "New CRC Format" (<c>070702</c>). See <see cref="CpioLayout"/> for the field diagram. <see cref="TotalLength"/>
/// is the header, the name and the padding after it: the number of bytes a reader consumes before the data.
/// </remarks>
[DebuggerDisplay("{DebuggerName} size={FileSize}")]
public readonly ref struct CpioHeader
{
    private readonly ReadOnlySpan<byte> _source;

    private CpioHeader(ReadOnlySpan<byte> source, int nameSize)
    {
        _source = source;
        NameSize = nameSize;
    }

    /// <summary>The variant named by the magic.</summary>
    public CpioFormat Format => _source[5] == (byte)'2' ? CpioFormat.Crc : CpioFormat.Newc;

    /// <summary>The name size field: the name's length in bytes plus its terminating NUL.</summary>
    public int NameSize { get; }

    /// <summary>The name without its terminating NUL (UTF-8 or any bytes but NUL).</summary>
    public ReadOnlySpan<byte> Name => _source.Slice(CpioLimits.HeaderLength, NameSize - 1);

    /// <summary>Header, name and name padding: the offset of the data from the start of the header.</summary>
    public int TotalLength => CpioLimits.HeaderLength + NameSize + CpioLayout.Padding(CpioLimits.HeaderLength + NameSize);

    /// <summary>The data length.</summary>
    public uint FileSize => Field(CpioLayout.FileSizeOffset);

    /// <summary>Whether this is the <c>TRAILER!!!</c> entry that ends an archive.</summary>
    public bool IsTrailer => Name.SequenceEqual(CpioLayout.Trailer);

    private string DebuggerName => System.Text.Encoding.UTF8.GetString(Name);

    /// <summary>Decodes every numeric field.</summary>
    public CpioEntryHeader ToEntryHeader() => new()
    {
        Inode = Field(CpioLayout.InodeOffset),
        Mode = Field(CpioLayout.ModeOffset),
        Uid = Field(CpioLayout.UidOffset),
        Gid = Field(CpioLayout.GidOffset),
        LinkCount = Field(CpioLayout.LinkCountOffset),
        ModificationTime = Field(CpioLayout.MtimeOffset),
        FileSize = Field(CpioLayout.FileSizeOffset),
        DevMajor = Field(CpioLayout.DevMajorOffset),
        DevMinor = Field(CpioLayout.DevMinorOffset),
        RdevMajor = Field(CpioLayout.RdevMajorOffset),
        RdevMinor = Field(CpioLayout.RdevMinorOffset),
        Check = Field(CpioLayout.CheckOffset),
    };

    /// <summary>Validates a header and its name at the start of <paramref name="source"/>.</summary>
    /// <param name="source">At least the header, the name and the name padding.</param>
    /// <param name="header">The view; treated as uninitialized when the method returns <see langword="false"/>.</param>
    /// <returns><see langword="true"/> when the header is complete and valid.</returns>
    public static bool TryCreate(ReadOnlySpan<byte> source, out CpioHeader header) =>
        TryRead(source, out header, out _, out _) == OperationStatus.Done;

    /// <summary>
    /// Reads a header and its name: <see cref="OperationStatus.NeedMoreData"/> when <paramref name="source"/> ends
    /// before the name padding, <see cref="OperationStatus.InvalidData"/> (with <paramref name="status"/> saying why)
    /// when it is malformed. On anything but <see cref="OperationStatus.Done"/> the outs are <see langword="default"/>
    /// except <paramref name="status"/>, and <paramref name="bytesConsumed"/> is 0.
    /// </summary>
    /// <remarks>Reads at most <see cref="CpioLimits.MaxEncodedHeaderLength"/> bytes; consumes <see cref="TotalLength"/>.</remarks>
    public static OperationStatus TryRead(ReadOnlySpan<byte> source, out CpioHeader header, out int bytesConsumed, out CpioParseStatus status)
    {
        header = default;
        bytesConsumed = 0;
        status = CpioParseStatus.Success;
        if (source.Length < CpioLimits.HeaderLength)
        {
            // Check the magic on what is there, so garbage fails fast instead of waiting for more bytes.
            int n = Math.Min(source.Length, CpioLayout.MagicLength);
            if (!source[..n].SequenceEqual(CpioLayout.NewcMagic[..n]) && !source[..n].SequenceEqual(CpioLayout.CrcMagic[..n]))
            {
                status = CpioParseStatus.BadMagic;
                return OperationStatus.InvalidData;
            }

            status = CpioParseStatus.Truncated;
            return OperationStatus.NeedMoreData;
        }

        ReadOnlySpan<byte> magic = source[..CpioLayout.MagicLength];
        if (!magic.SequenceEqual(CpioLayout.NewcMagic) && !magic.SequenceEqual(CpioLayout.CrcMagic))
        {
            status = CpioParseStatus.BadMagic;
            return OperationStatus.InvalidData;
        }

        for (int offset = CpioLayout.InodeOffset; offset < CpioLimits.HeaderLength; offset += CpioLayout.FieldLength)
        {
            if (!TryParseHex(source.Slice(offset, CpioLayout.FieldLength), out _))
            {
                status = CpioParseStatus.BadHexField;
                return OperationStatus.InvalidData;
            }
        }

        uint nameSize = ParseValidatedHex(source.Slice(CpioLayout.NameSizeOffset, CpioLayout.FieldLength));
        if (nameSize == 0 || nameSize > CpioLimits.MaxNameLength)
        {
            status = CpioParseStatus.BadNameLength;
            return OperationStatus.InvalidData;
        }

        int total = CpioLimits.HeaderLength + (int)nameSize;
        total += CpioLayout.Padding(total);
        if (source.Length < total)
        {
            status = CpioParseStatus.Truncated;
            return OperationStatus.NeedMoreData;
        }

        ReadOnlySpan<byte> name = source.Slice(CpioLimits.HeaderLength, (int)nameSize);
        if (name[^1] != 0 || name[..^1].IndexOf((byte)0) >= 0)
        {
            status = CpioParseStatus.BadNameTerminator;
            return OperationStatus.InvalidData;
        }

        header = new CpioHeader(source[..total], (int)nameSize);
        bytesConsumed = total;
        return OperationStatus.Done;
    }

    private uint Field(int offset) => ParseValidatedHex(_source.Slice(offset, CpioLayout.FieldLength));

    /// <summary>Decodes digits already validated by <see cref="TryRead"/>; 0 if they are not hexadecimal.</summary>
    internal static uint ParseValidatedHex(ReadOnlySpan<byte> digits) => TryParseHex(digits, out uint value) ? value : 0;

    internal static bool TryParseHex(ReadOnlySpan<byte> digits, out uint value)
    {
        uint result = 0;
        foreach (byte c in digits)
        {
            uint d;
            if (c >= '0' && c <= '9')
            {
                d = (uint)(c - '0');
            }
            else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
            {
                d = (uint)((c | 0x20) - 'a' + 10);
            }
            else
            {
                value = 0;
                return false;
            }

            result = (result << 4) | d;
        }

        value = result;
        return true;
    }
}
