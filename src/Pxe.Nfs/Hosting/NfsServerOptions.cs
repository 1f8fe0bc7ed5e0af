using System.ComponentModel.DataAnnotations;

namespace Pxe.Nfs;

/// <summary>Options of <see cref="NfsServer"/>, bound from the <c>Pxe:Nfs</c> configuration section.</summary>
public sealed class NfsServerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Pxe:Nfs";

    /// <summary>The default listen address: every IPv4 address.</summary>
    public const string DefaultListenAddress = "0.0.0.0";

    /// <summary>The exports (default: none; at least one is required).</summary>
    public IList<NfsExport> Exports { get; } = new List<NfsExport>();

    /// <summary>The address to listen on (default: "0.0.0.0").</summary>
    [Required]
    public string ListenAddress { get; set; } = DefaultListenAddress;

    /// <summary>The NFS port; MOUNT is served on it too (default: 2049). 0 picks a free port.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = Nfs3Limits.DefaultPort;

    /// <summary>An extra port for MOUNT alone, or null for none (default: null; MOUNT shares <see cref="Port"/>).</summary>
    [Range(0, 65535)]
    public int? MountPort { get; set; }

    /// <summary>Whether to run the portmapper (default: true).</summary>
    public bool EnablePortmap { get; set; } = true;

    /// <summary>The portmapper port (default: 111).</summary>
    [Range(0, 65535)]
    public int PortmapPort { get; set; } = PortmapProgram.DefaultPort;

    /// <summary>Whether to serve UDP as well as TCP (default: true).</summary>
    public bool EnableUdp { get; set; } = true;

    /// <summary>The largest TCP record accepted (default: 1 MiB + 64 KiB).</summary>
    [Range(4096, 64 * 1024 * 1024)]
    public int MaxRecordLength { get; set; } = RpcLimits.DefaultMaxRecordLength;

    /// <summary>
    /// The secret that keys file-handle MACs (default: null, derived from /etc/machine-id). Handles stay valid across
    /// restarts as long as this and the export order stay the same.
    /// </summary>
    public string? HandleSecret { get; set; }

    /// <summary>
    /// How long READDIRPLUS reuses the attributes it read for a directory entry of a local export (default: 60 s, as
    /// nfs-ganesha; zero: never). Changes made through NFS take effect at once; changes made on the server's disk by
    /// other programs show in listings after at most this long. GETATTR and LOOKUP always read the disk.
    /// </summary>
    public TimeSpan AttributeCacheLifetime { get; set; } = LocalFileSystem.DefaultAttributeCacheLifetime;
}
