namespace Pxe.Dhcp;

/// <summary>Why the responder sent nothing. Counted by the server as <c>pxe.dhcp.drops</c> with this reason.</summary>
public enum DhcpDropReason
{
    /// <summary>Not dropped.</summary>
    None = 0,

    /// <summary>The datagram is not a well-formed DHCP message (see <see cref="DhcpResponse.ParseStatus"/>).</summary>
    Malformed,

    /// <summary>op is not BOOTREQUEST.</summary>
    NotRequest,

    /// <summary>No option 53 (plain BOOTP is not served).</summary>
    NotDhcp,

    /// <summary>A message type a server does not answer (OFFER, ACK, NAK or unknown).</summary>
    UnexpectedMessageType,

    /// <summary>The message is for another server (option 54), or a REQUEST/INIT-REBOOT RFC 2131 says to ignore.</summary>
    NotForUs,

    /// <summary>No pool serves the client's network.</summary>
    NoPool,

    /// <summary>Every address of the pool is held.</summary>
    PoolExhausted,

    /// <summary>Too many new clients per second.</summary>
    Flood,

    /// <summary>proxyDHCP: the client is not a PXE client.</summary>
    NotPxeClient,

    /// <summary>proxyDHCP: the policy has no boot answer for the client.</summary>
    NoBootDecision,

    /// <summary>The reply did not fit the client's maximum message size.</summary>
    ReplyTooLarge,

    /// <summary>DECLINE or RELEASE: handled, nothing to send.</summary>
    NoReplyNeeded,
}

/// <summary>Where a reply goes (RFC 2131 §4.1).</summary>
/// <param name="Address">Destination address.</param>
/// <param name="Port">Destination UDP port.</param>
/// <param name="IsBroadcast">Whether <paramref name="Address"/> is the limited broadcast address.</param>
public readonly record struct DhcpTransmitTarget(Ipv4Address Address, ushort Port, bool IsBroadcast)
{
    /// <summary>The DHCP server port, 67.</summary>
    public const ushort ServerPort = 67;

    /// <summary>The DHCP client port, 68.</summary>
    public const ushort ClientPort = 68;

    /// <summary>The PXE boot-server port, 4011.</summary>
    public const ushort PxeBootServerPort = 4011;
}

/// <summary>Where a datagram came from and on which interface.</summary>
/// <param name="InterfaceAddress">The IPv4 address of the ingress interface (server identifier when none is configured).</param>
/// <param name="InterfaceIndex">The ingress interface index (IP_PKTINFO).</param>
/// <param name="SourceAddress">The datagram's source address.</param>
/// <param name="SourcePort">The datagram's source port.</param>
/// <param name="LocalPort">The port it arrived on (67 or 4011).</param>
public readonly record struct DhcpReceiveContext(Ipv4Address InterfaceAddress, int InterfaceIndex, Ipv4Address SourceAddress, ushort SourcePort, ushort LocalPort);

/// <summary>The responder's outcome for one datagram.</summary>
public readonly struct DhcpResponse
{
    private DhcpResponse(DhcpMessageType type, int length, DhcpTransmitTarget target, DhcpDropReason reason, DhcpParseStatus status)
    {
        MessageType = type;
        Length = length;
        Target = target;
        DropReason = reason;
        ParseStatus = status;
    }

    /// <summary>Whether a reply was written.</summary>
    public bool HasReply => Length > 0;

    /// <summary>The type of the reply written (OFFER, ACK, NAK).</summary>
    public DhcpMessageType MessageType { get; }

    /// <summary>Bytes of reply written.</summary>
    public int Length { get; }

    /// <summary>Where to send the reply.</summary>
    public DhcpTransmitTarget Target { get; }

    /// <summary>Why nothing was sent.</summary>
    public DhcpDropReason DropReason { get; }

    /// <summary>The parse status, for <see cref="DhcpDropReason.Malformed"/>.</summary>
    public DhcpParseStatus ParseStatus { get; }

    /// <summary>A reply.</summary>
    public static DhcpResponse Reply(DhcpMessageType type, int length, DhcpTransmitTarget target) => new(type, length, target, DhcpDropReason.None, DhcpParseStatus.Success);

    /// <summary>No reply.</summary>
    public static DhcpResponse Drop(DhcpDropReason reason, DhcpParseStatus status = DhcpParseStatus.Success) => new(DhcpMessageType.None, 0, default, reason, status);
}
