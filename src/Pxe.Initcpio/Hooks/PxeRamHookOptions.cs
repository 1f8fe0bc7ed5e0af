namespace Pxe.Initcpio;

/// <summary>Build-time defaults baked into the <c>pxe_nfs_ram</c> and <c>pxe_http_ram</c> runtime scripts.</summary>
public sealed class PxeRamHookOptions
{
    /// <summary>The default tmpfs size when <c>copytoram_size=</c> is absent.</summary>
    public const string DefaultCopyToRamSizeValue = "75%";

    /// <summary>The default NFS mount options, before <c>addr=</c> and <c>pxe_nfs_opts=</c>.</summary>
    public const string DefaultNfsMountOptionsValue = "vers=3,proto=tcp,mountproto=tcp,nolock,ro";

    /// <summary>The default seconds to wait for a network interface to appear.</summary>
    public const int DefaultInterfaceWaitSecondsValue = 15;

    /// <summary>The default number of DHCP discover attempts (2 s apart).</summary>
    public const int DefaultDhcpAttemptsValue = 10;

    /// <summary>tmpfs size used when <c>copytoram_size=</c> is absent: a percentage of RAM or a size such as <c>2G</c> (default: <c>75%</c>).</summary>
    public string DefaultCopyToRamSize { get; set; } = DefaultCopyToRamSizeValue;

    /// <summary>
    /// NFS options used before <c>addr=</c> and <c>pxe_nfs_opts=</c> (default: <c>vers=3,proto=tcp,mountproto=tcp,nolock,ro</c>;
    /// the kernel parses them itself since busybox mount has no NFS helper).
    /// </summary>
    public string DefaultNfsMountOptions { get; set; } = DefaultNfsMountOptionsValue;

    /// <summary>Seconds to wait for a network interface to appear after module loading (default: 15).</summary>
    public int InterfaceWaitSeconds { get; set; } = DefaultInterfaceWaitSecondsValue;

    /// <summary>DHCP discover attempts of <c>udhcpc</c>, 2 seconds apart (default: 10).</summary>
    public int DhcpAttempts { get; set; } = DefaultDhcpAttemptsValue;
}
