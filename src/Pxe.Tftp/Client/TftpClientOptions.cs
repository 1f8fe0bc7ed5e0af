namespace Pxe.Tftp;

/// <summary>Settings of <see cref="TftpClient"/>.</summary>
public sealed class TftpClientOptions
{
    /// <summary>The default <see cref="MaxFileSize"/>: 4 GiB.</summary>
    public const long DefaultMaxFileSize = 4L * 1024 * 1024 * 1024;

    /// <summary>The block size to ask for (default: <see cref="TftpLimits.DefaultBlockSize"/>, which sends no <c>blksize</c> option).</summary>
    public int BlockSize { get; set; } = TftpLimits.DefaultBlockSize;

    /// <summary>The window size to ask for (default: 1, which sends no <c>windowsize</c> option) (RFC 7440).</summary>
    public int WindowSize { get; set; } = 1;

    /// <summary>Whether to ask for the size with <c>tsize</c> (default: <see langword="true"/>) (RFC 2349).</summary>
    public bool RequestTransferSize { get; set; } = true;

    /// <summary>The transfer mode (default: <see cref="TftpTransferMode.Octet"/>).</summary>
    public TftpTransferMode Mode { get; set; } = TftpTransferMode.Octet;

    /// <summary>The retransmission timeout (default: <see cref="TftpServerOptions.DefaultTimeout"/>).</summary>
    public TimeSpan Timeout { get; set; } = TftpServerOptions.DefaultTimeout;

    /// <summary>How many times a packet is sent again before giving up (default: <see cref="TftpServerOptions.DefaultMaxRetries"/>).</summary>
    public int MaxRetries { get; set; } = TftpServerOptions.DefaultMaxRetries;

    /// <summary>The largest file accepted (default: <see cref="DefaultMaxFileSize"/>).</summary>
    public long MaxFileSize { get; set; } = DefaultMaxFileSize;
}
