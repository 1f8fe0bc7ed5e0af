namespace Pxe.Dhcp;

/// <summary>The operating mode of the responder.</summary>
public enum DhcpServerMode
{
    /// <summary>Full DHCP: addresses, leases and boot information.</summary>
    Full = 0,

    /// <summary>proxyDHCP: boot information only, to PXE clients only, alongside another DHCP server (PXE 2.1 §2.2.3).</summary>
    Proxy = 1,
}

/// <summary>How a proxyDHCP server steers UEFI clients (FIELD-NOTES: both strategies exist in the wild).</summary>
public enum ProxyEfiStrategy
{
    /// <summary>Offer without boot file or option 43; the client sends a DHCPREQUEST to port 4011 and gets the boot file there.</summary>
    BootServerDiscovery = 0,

    /// <summary>Offer with option 43 discovery control 8 and the boot file; the client never goes to 4011.</summary>
    DiscoveryControlBypass = 1,
}

/// <summary>What the responder knows about a client when it asks the boot policy.</summary>
public readonly ref struct DhcpBootRequest
{
    /// <summary>The responder's mode.</summary>
    public DhcpServerMode Mode { get; init; }

    /// <summary>The message being answered.</summary>
    public DhcpMessageType MessageType { get; init; }

    /// <summary>chaddr.</summary>
    public HardwareAddress ClientHardwareAddress { get; init; }

    /// <summary>Whether option 97 was present and well formed.</summary>
    public bool HasMachineId { get; init; }

    /// <summary>Option 97 (when <see cref="HasMachineId"/>).</summary>
    public ClientMachineId MachineId { get; init; }

    /// <summary>Whether option 93 was present.</summary>
    public bool HasArchitecture { get; init; }

    /// <summary>The first type in option 93 (when <see cref="HasArchitecture"/>).</summary>
    public PxeClientArchitecture Architecture { get; init; }

    /// <summary>Option 60 starts with <c>PXEClient</c>.</summary>
    public bool IsPxeClient { get; init; }

    /// <summary>Option 60 starts with <c>HTTPClient</c> (UEFI HTTP boot).</summary>
    public bool IsHttpClient { get; init; }

    /// <summary>Option 77 names <c>iPXE</c> (raw or RFC 3004).</summary>
    public bool IsIpxe { get; init; }

    /// <summary>Option 60 as sent.</summary>
    public ReadOnlySpan<byte> VendorClass { get; init; }
}

/// <summary>
/// A boot answer: immutable, built once from configuration and shared, so choosing one allocates nothing.
/// </summary>
public sealed class DhcpBootDecision
{
    /// <summary>The boot file (file field / option 67), UTF-8; a URL for HTTP boot or an iPXE script URL.</summary>
    public byte[]? BootFileName { get; init; }

    /// <summary>siaddr, the TFTP "next server"; <see cref="Ipv4Address.Any"/> means the server's own address.</summary>
    public Ipv4Address NextServer { get; init; }

    /// <summary>Option 66, TFTP server name.</summary>
    public byte[]? TftpServerName { get; init; }

    /// <summary>Option 209 (RFC 5071 §5), PXELINUX configuration file.</summary>
    public byte[]? PxelinuxConfigFile { get; init; }

    /// <summary>Option 210 (RFC 5071 §6), PXELINUX path prefix.</summary>
    public byte[]? PxelinuxPathPrefix { get; init; }

    /// <summary>Option 211 (RFC 5071 §7), PXELINUX reboot time in seconds.</summary>
    public uint? PxelinuxRebootTime { get; init; }

    /// <summary>UEFI HTTP boot: option 60 <c>HTTPClient</c> is echoed (UEFI spec §24.7.2) and the boot file is a URL.</summary>
    public bool IsHttpBoot { get; init; }

    /// <summary>Whether any RFC 5071 option is set.</summary>
    public bool HasPxelinuxOptions => PxelinuxConfigFile is not null || PxelinuxPathPrefix is not null || PxelinuxRebootTime is not null;
}

/// <summary>Chooses what a booting client gets. Owned by this package; <see cref="ConfiguredBootPolicy"/> is the default.</summary>
public interface IBootPolicy
{
    /// <summary>Returns the decision for the client, or <see langword="null"/> to send no boot information.</summary>
    DhcpBootDecision? Select(in DhcpBootRequest request);
}
