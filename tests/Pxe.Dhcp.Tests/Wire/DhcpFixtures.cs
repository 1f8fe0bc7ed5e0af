namespace Pxe.Dhcp.Tests.Wire;

/// <summary>Fixture messages, one commented field per line.</summary>
internal static class DhcpFixtures
{
    /// <summary>An iPXE BIOS DISCOVER as E2E-NOTES describes the capture (options 53,57,93,94,60,77,55,175,61,97).</summary>
    public static byte[] IpxeBiosDiscover =>
    [
        0x01, // op BOOTREQUEST
        0x01, // htype Ethernet
        0x06, // hlen
        0x00, // hops
        0x12, 0x34, 0x56, 0x78, // xid
        0x00, 0x04, // secs
        0x80, 0x00, // flags: broadcast
        0, 0, 0, 0, // ciaddr
        0, 0, 0, 0, // yiaddr
        0, 0, 0, 0, // siaddr
        0, 0, 0, 0, // giaddr
        0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // chaddr
        .. new byte[64], // sname
        .. new byte[128], // file
        0x63, 0x82, 0x53, 0x63, // magic cookie
        53, 1, 1, // DHCPDISCOVER
        57, 2, 0x05, 0xC0, // max message size 1472
        93, 2, 0x00, 0x00, // arch: BIOS
        94, 3, 0x01, 0x02, 0x01, // UNDI 2.1
        60, 32, .. "PXEClient:Arch:00000:UNDI:002001"u8, // vendor class
        77, 4, .. "iPXE"u8, // raw user class
        55, 13, 1, 3, 6, 7, 12, 15, 17, 26, 43, 60, 66, 67, 175, // parameter request list
        175, 9, 0x13, 1, 1, 0x15, 1, 1, 0x18, 1, 1, // iPXE features: HTTP, TFTP, bzImage
        61, 7, 0x01, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56, // client id
        97, 17, 0x00, .. new byte[16], // machine id: zero GUID
        255, // END
    ];
}
