namespace Pxe.Tftp;

/// <summary>Settings of a <see cref="DirectoryTftpFileProvider"/>.</summary>
public sealed class DirectoryTftpFileProviderOptions
{
    /// <summary>The default for <see cref="MaxWriteSize"/>: 64 MiB.</summary>
    public const long DefaultMaxWriteSize = 64L * 1024 * 1024;

    /// <summary>Whether write requests may create files (default: <see langword="false"/>).</summary>
    public bool AllowWrite { get; set; }

    /// <summary>Whether a write may replace an existing file (default: <see langword="false"/>; RFC 1350 error 6 otherwise).</summary>
    public bool AllowOverwrite { get; set; }

    /// <summary>The largest file a write may create, in bytes (default: <see cref="DefaultMaxWriteSize"/>).</summary>
    public long MaxWriteSize { get; set; } = DefaultMaxWriteSize;
}
