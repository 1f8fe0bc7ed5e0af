namespace Pxe.Initcpio;

/// <summary>The fixed sizes and limits of the ASCII cpio formats and of this implementation.</summary>
public static class CpioLimits
{
    /// <summary>The length of the fixed header: a 6-byte magic and 13 fields of 8 hexadecimal digits.</summary>
    public const int HeaderLength = 110;

    /// <summary>Headers, names and data are padded with NUL bytes to a multiple of this many bytes.</summary>
    public const int Alignment = 4;

    /// <summary>
    /// The longest name accepted, in bytes, including the terminating NUL (Linux <c>PATH_MAX</c>). The kernel's
    /// unpacker refuses longer names too; a reader rejects them before buffering them.
    /// </summary>
    public const int MaxNameLength = 4096;

    /// <summary>The longest symbolic-link target accepted, in bytes (Linux <c>PATH_MAX</c>).</summary>
    public const int MaxLinkTargetLength = 4096;

    /// <summary>The largest entry the 8-digit hexadecimal size field can describe: 4 GiB - 1.</summary>
    public const long MaxFileSize = uint.MaxValue;

    /// <summary>The name of the entry that ends an archive.</summary>
    public const string TrailerName = "TRAILER!!!";

    /// <summary>The longest possible encoded header with its name and padding, for <c>stackalloc</c>.</summary>
    public const int MaxEncodedHeaderLength = HeaderLength + MaxNameLength + Alignment;
}
