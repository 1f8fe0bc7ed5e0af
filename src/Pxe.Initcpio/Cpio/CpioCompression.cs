namespace Pxe.Initcpio;

/// <summary>The compression of an archive or archive segment.</summary>
public enum CpioCompression
{
    /// <summary>Plain cpio.</summary>
    None = 0,

    /// <summary>gzip (RFC 1952), through <see cref="System.IO.Compression.GZipStream"/>.</summary>
    Gzip = 1,

    /// <summary>Zstandard (RFC 8878), through ZstdSharp.</summary>
    Zstd = 2,
}
