namespace Pxe.Dhcp;

/// <summary>Why a datagram is, or is not, a well-formed DHCP message.</summary>
public enum DhcpParseStatus
{
    /// <summary>The message is well formed.</summary>
    Success = 0,

    /// <summary>Shorter than the 236-byte BOOTP header plus the 4-byte magic cookie (RFC 2131 §2).</summary>
    Truncated,

    /// <summary>The magic cookie is not 99.130.83.99 (RFC 2131 §3).</summary>
    BadMagicCookie,

    /// <summary>An option's length runs past the end of its area (RFC 2132 §2).</summary>
    OptionOverrun,

    /// <summary>The options field (or an overloaded sname/file area) has no END option (RFC 2131 §4.1).</summary>
    MissingEnd,

    /// <summary>Option 52 has a bad length or value, or appears again inside an overloaded area (a loop; RFC 2132 §9.3).</summary>
    InvalidOverload,

    /// <summary>The hardware address length (hlen) is greater than 16.</summary>
    InvalidHardwareAddressLength,
}
