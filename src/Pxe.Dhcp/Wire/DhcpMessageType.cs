namespace Pxe.Dhcp;

/// <summary>Option 53, DHCP message type (RFC 2132 §9.6). Unknown values pass through.</summary>
public enum DhcpMessageType : byte
{
    /// <summary>Not a DHCP message (plain BOOTP, option 53 absent).</summary>
    None = 0,

    /// <summary>DHCPDISCOVER.</summary>
    Discover = 1,

    /// <summary>DHCPOFFER.</summary>
    Offer = 2,

    /// <summary>DHCPREQUEST.</summary>
    Request = 3,

    /// <summary>DHCPDECLINE.</summary>
    Decline = 4,

    /// <summary>DHCPACK.</summary>
    Ack = 5,

    /// <summary>DHCPNAK.</summary>
    Nak = 6,

    /// <summary>DHCPRELEASE.</summary>
    Release = 7,

    /// <summary>DHCPINFORM.</summary>
    Inform = 8,
}
