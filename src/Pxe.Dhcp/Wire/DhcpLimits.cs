namespace Pxe.Dhcp;

/// <summary>Size limits of DHCP messages, as named constants (RFC 951, RFC 1542, RFC 2131, RFC 2132, RFC 3396).</summary>
public static class DhcpLimits
{
    /// <summary>The fixed BOOTP header plus the magic cookie: the shortest datagram that can be a DHCP message (240 bytes).</summary>
    public const int HeaderLength = 240;

    /// <summary>RFC 1542 §2.1: BOOTP messages are at least 300 bytes; replies are padded to this length (300).</summary>
    public const int MinimumBootpLength = 300;

    /// <summary>RFC 2131 §2: every client must accept messages of 576 bytes (the IP datagram), 548 of DHCP payload (576).</summary>
    public const int DefaultMaxMessageSize = 576;

    /// <summary>The DHCP payload carried by a 576-byte IP datagram: 576 − 20 (IP) − 8 (UDP) = 548 bytes.</summary>
    public const int DefaultMaxPayload = DefaultMaxMessageSize - 28;

    /// <summary>The largest DHCP payload on a 1500-byte Ethernet MTU: 1500 − 28 = 1472 bytes.</summary>
    public const int EthernetMaxPayload = 1472;

    /// <summary>The largest UDP payload the server reads; bigger datagrams are truncated by the socket and dropped (65507).</summary>
    public const int MaxDatagramLength = 65507;

    /// <summary>RFC 2132 §2: one option instance carries at most 255 bytes of data.</summary>
    public const int MaxOptionDataLength = 255;

    /// <summary>The maximum length of the hardware address field chaddr (16).</summary>
    public const int MaxHardwareAddressLength = 16;

    /// <summary>The maximum client-identifier length kept as a lease key; longer identifiers fall back to chaddr (32).</summary>
    public const int MaxClientKeyLength = 32;

    /// <summary>The largest reply the responder builds (1472, one Ethernet frame).</summary>
    public const int MaxReplyLength = EthernetMaxPayload;
}
