using System.ComponentModel.DataAnnotations;

namespace Pxe.Tftp;

/// <summary>Settings of <see cref="TftpServer"/>, bound from the <c>Pxe:Tftp</c> configuration section.</summary>
public sealed class TftpServerOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Pxe:Tftp";

    /// <summary>The default <see cref="ListenAddress"/>: every IPv4 address.</summary>
    public const string DefaultListenAddress = "0.0.0.0";

    /// <summary>The default <see cref="Port"/>: 69 (RFC 1350 §4).</summary>
    public const int DefaultPort = 69;

    /// <summary>The default <see cref="MaxTransfers"/>.</summary>
    public const int DefaultMaxTransfers = 256;

    /// <summary>The default <see cref="MaxRetries"/>.</summary>
    public const int DefaultMaxRetries = 5;

    /// <summary>The smallest <see cref="Timeout"/>: 10 ms.</summary>
    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);

    /// <summary>The largest <see cref="Timeout"/>: 255 s, the largest the <c>timeout</c> option can ask for (RFC 2349).</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(TftpLimits.MaxTimeoutSeconds);

    /// <summary>The default <see cref="Timeout"/>: one second.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The directory served when no <see cref="ITftpFileProvider"/> is registered (default: <see langword="null"/>, meaning a provider must be registered).</summary>
    public string? Root { get; set; }

    /// <summary>The address to listen on (default: <see cref="DefaultListenAddress"/>).</summary>
    [Required]
    public string ListenAddress { get; set; } = DefaultListenAddress;

    /// <summary>The UDP port for requests (default: <see cref="DefaultPort"/>; 0 picks a free port, for tests).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = DefaultPort;

    /// <summary>Whether write requests (WRQ) are served (default: <see langword="false"/>).</summary>
    public bool AllowWrite { get; set; }

    /// <summary>Whether a write may replace an existing file (default: <see langword="false"/>).</summary>
    public bool AllowOverwrite { get; set; }

    /// <summary>The largest file a write may create, in bytes (default: <see cref="DirectoryTftpFileProviderOptions.DefaultMaxWriteSize"/>).</summary>
    [Range(0L, long.MaxValue)]
    public long MaxWriteSize { get; set; } = DirectoryTftpFileProviderOptions.DefaultMaxWriteSize;

    /// <summary>The largest block size granted (default: <see cref="TftpLimits.DefaultServerMaxBlockSize"/>); larger <c>blksize</c> requests are answered with this value (RFC 2348).</summary>
    [Range(TftpLimits.MinBlockSize, TftpLimits.MaxBlockSize)]
    public int MaxBlockSize { get; set; } = TftpLimits.DefaultServerMaxBlockSize;

    /// <summary>The largest window size granted (default: <see cref="TftpLimits.DefaultServerMaxWindowSize"/>) (RFC 7440).</summary>
    [Range(TftpLimits.MinWindowSize, 32768)]
    public int MaxWindowSize { get; set; } = TftpLimits.DefaultServerMaxWindowSize;

    /// <summary>The retransmission timeout when the client does not negotiate one (default: <see cref="DefaultTimeout"/>); between <see cref="MinTimeout"/> and <see cref="MaxTimeout"/>.</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>How many times a packet is sent again before the transfer is abandoned (default: <see cref="DefaultMaxRetries"/>).</summary>
    [Range(0, 100)]
    public int MaxRetries { get; set; } = DefaultMaxRetries;

    /// <summary>The most transfers running at once; further requests get ERROR 0 "too many transfers" (default: <see cref="DefaultMaxTransfers"/>).</summary>
    [Range(1, 65535)]
    public int MaxTransfers { get; set; } = DefaultMaxTransfers;
}
