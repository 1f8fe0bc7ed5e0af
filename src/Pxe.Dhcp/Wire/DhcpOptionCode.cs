namespace Pxe.Dhcp;

/// <summary>
/// DHCP option codes (RFC 2132 and later). The enum keeps wire width; any other byte value is a valid
/// (unknown) code and passes through untouched.
/// </summary>
public enum DhcpOptionCode : byte
{
    /// <summary>RFC 2132 §3.1: padding, no length byte.</summary>
    Pad = 0,

    /// <summary>RFC 2132 §3.3: subnet mask.</summary>
    SubnetMask = 1,

    /// <summary>RFC 2132 §3.5: routers, a list of addresses.</summary>
    Router = 3,

    /// <summary>RFC 2132 §3.8: DNS servers, a list of addresses.</summary>
    DomainNameServer = 6,

    /// <summary>RFC 2132 §3.14: host name.</summary>
    HostName = 12,

    /// <summary>RFC 2132 §3.17: domain name.</summary>
    DomainName = 15,

    /// <summary>RFC 2132 §3.19: root path.</summary>
    RootPath = 17,

    /// <summary>RFC 2132 §5.3: broadcast address.</summary>
    BroadcastAddress = 28,

    /// <summary>RFC 2132 §8.3: NTP servers.</summary>
    NtpServers = 42,

    /// <summary>RFC 2132 §8.4: vendor-specific information (PXE sub-options, PXE spec §2.4).</summary>
    VendorSpecific = 43,

    /// <summary>RFC 2132 §9.1: requested IP address.</summary>
    RequestedIpAddress = 50,

    /// <summary>RFC 2132 §9.2: lease time in seconds.</summary>
    IpAddressLeaseTime = 51,

    /// <summary>RFC 2132 §9.3: option overload.</summary>
    OptionOverload = 52,

    /// <summary>RFC 2132 §9.6: DHCP message type.</summary>
    MessageType = 53,

    /// <summary>RFC 2132 §9.7: server identifier.</summary>
    ServerIdentifier = 54,

    /// <summary>RFC 2132 §9.8: parameter request list.</summary>
    ParameterRequestList = 55,

    /// <summary>RFC 2132 §9.9: message (text, for NAKs).</summary>
    Message = 56,

    /// <summary>RFC 2132 §9.10: maximum DHCP message size.</summary>
    MaxMessageSize = 57,

    /// <summary>RFC 2132 §9.11: renewal (T1) time.</summary>
    RenewalTime = 58,

    /// <summary>RFC 2132 §9.12: rebinding (T2) time.</summary>
    RebindingTime = 59,

    /// <summary>RFC 2132 §9.13: vendor class identifier (PXEClient..., HTTPClient...).</summary>
    VendorClassIdentifier = 60,

    /// <summary>RFC 2132 §9.14: client identifier.</summary>
    ClientIdentifier = 61,

    /// <summary>RFC 2132 §9.4: TFTP server name.</summary>
    TftpServerName = 66,

    /// <summary>RFC 2132 §9.5: boot file name.</summary>
    BootFileName = 67,

    /// <summary>RFC 3004: user class (iPXE sends the raw string <c>iPXE</c>).</summary>
    UserClass = 77,

    /// <summary>RFC 3046: relay agent information.</summary>
    RelayAgentInformation = 82,

    /// <summary>RFC 4578 §2.1: client system architecture, a list of 16-bit types.</summary>
    ClientSystemArchitecture = 93,

    /// <summary>RFC 4578 §2.2: client network interface identifier (type, major, minor).</summary>
    ClientNetworkInterface = 94,

    /// <summary>RFC 4578 §2.3: client machine identifier (type 0 + 16-byte GUID).</summary>
    ClientMachineIdentifier = 97,

    /// <summary>RFC 5859: TFTP server addresses.</summary>
    TftpServerAddress = 150,

    /// <summary>iPXE encapsulated options (feature flags, 176 no-pxedhcp).</summary>
    IpxeEncapsulated = 175,

    /// <summary>RFC 5071 §4: PXELINUX magic F1:00:74:7E.</summary>
    PxelinuxMagic = 208,

    /// <summary>RFC 5071 §5: PXELINUX configuration file.</summary>
    PxelinuxConfigFile = 209,

    /// <summary>RFC 5071 §6: PXELINUX path prefix.</summary>
    PxelinuxPathPrefix = 210,

    /// <summary>RFC 5071 §7: PXELINUX reboot time in seconds.</summary>
    PxelinuxRebootTime = 211,

    /// <summary>RFC 2132 §3.2: end of options, no length byte.</summary>
    End = 255,
}
