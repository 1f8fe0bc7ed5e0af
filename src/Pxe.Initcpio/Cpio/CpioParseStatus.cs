namespace Pxe.Initcpio;

/// <summary>Why a cpio header or archive could not be read; <see cref="Success"/> when it could.</summary>
public enum CpioParseStatus
{
    /// <summary>The header (or entry) was read.</summary>
    Success = 0,

    /// <summary>The input ended inside a header, a name or an entry's data.</summary>
    Truncated,

    /// <summary>The first six bytes are not <c>070701</c> or <c>070702</c>.</summary>
    BadMagic,

    /// <summary>A header field holds a character that is not a hexadecimal digit.</summary>
    BadHexField,

    /// <summary>The name size is 0 or larger than <see cref="CpioLimits.MaxNameLength"/>.</summary>
    BadNameLength,

    /// <summary>The name is not terminated by NUL exactly at its declared size, or holds an embedded NUL.</summary>
    BadNameTerminator,

    /// <summary>A symbolic link's target is empty or longer than <see cref="CpioLimits.MaxLinkTargetLength"/>.</summary>
    BadLinkTarget,

    /// <summary>A <see cref="CpioFormat.Crc"/> entry's data does not sum to its check field.</summary>
    ChecksumMismatch,

    /// <summary>An entry name is absolute after stripping, contains <c>..</c>, or would be written through a symbolic link (extraction only).</summary>
    UnsafeName,

    /// <summary>The archive (or a concatenated segment) is compressed with a method this reader does not support (xz, lzma, bzip2, lz4, lzo).</summary>
    UnsupportedCompression,

    /// <summary>Bytes after a trailer are neither padding, another archive nor a supported compressed stream.</summary>
    BadSegment,

    /// <summary>A compressed stream is corrupt.</summary>
    BadCompressedData,
}
