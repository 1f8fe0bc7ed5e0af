using System.Buffers.Binary;
using System.Text;

namespace Pxe.Testing.Tests;

/// <summary>Facts every DHCP capture of the corpus must show (tests/Pxe.Dhcp.Tests/TestData).</summary>
[Trait("Category", "Pcap")]
public class DhcpCorpusTests
{
    private const int CookieOffset = 236;
    private const int OptionsOffset = 240;

    public static TheoryData<string> Captures => Corpus.Data("Dhcp");

    [Theory]
    [MemberData(nameof(Captures))]
    public void Client_discovers_and_server_answers(string name)
    {
        IReadOnlyList<PcapDatagram> datagrams = PcapReplay.ReadUdp(Corpus.PathOf("Dhcp", name));
        var requests = datagrams.Where(d => d.Destination.Port == 67 && d.Source.Port == 68).ToList();
        var replies = datagrams.Where(d => d.Source.Port == 67 && d.Destination.Port == 68).ToList();

        Assert.NotEmpty(requests);
        Assert.NotEmpty(replies);
        foreach (PcapDatagram d in requests)
        {
            AssertBootp(d, op: 1);
        }

        foreach (PcapDatagram d in replies)
        {
            AssertBootp(d, op: 2);
        }

        // The first message is a DISCOVER (option 53 = 1); an OFFER (2) and an ACK (5) answer the same xid.
        PcapDatagram discover = requests[0];
        Assert.Equal(1, Option(discover, 53)!.Single());
        uint xid = BinaryPrimitives.ReadUInt32BigEndian(discover.Payload.Span[4..]);
        Assert.Contains(replies, r => BinaryPrimitives.ReadUInt32BigEndian(r.Payload.Span[4..]) == xid && Option(r, 53)!.Single() == 2);
        Assert.Contains(replies, r => Option(r, 53)!.Single() == 5);
        Assert.Contains(requests, r => Option(r, 53)!.Single() == 3);

        // Server identifier is the bridge address; the offered address is in dnsmasq's range.
        PcapDatagram offer = replies.First(r => Option(r, 53)!.Single() == 2);
        Assert.Equal(new byte[] { 10, 77, 0, 1 }, Option(offer, 54));
        byte[] yiaddr = offer.Payload.Span.Slice(16, 4).ToArray();
        Assert.Equal(new byte[] { 10, 77, 0 }, yiaddr[..3]);
        Assert.InRange(yiaddr[3], 100, 150);
    }

    [Theory]
    [InlineData("udhcpc-pxe-bios.pcap", "PXEClient:Arch:00000:UNDI:002001", 0)]
    [InlineData("udhcpc-pxe-efi64.pcap", "PXEClient:Arch:00007:UNDI:003016", 7)]
    [InlineData("udhcpc-ipxe-userclass.pcap", "PXEClient:Arch:00000:UNDI:002001", 0)]
    [InlineData("dhclient-efi64.pcap", "PXEClient:Arch:00007:UNDI:003016", 7)]
    [InlineData("firmware-ipxe-bios.pcap", "PXEClient:Arch:00000:UNDI:002001", 0)]
    [InlineData("firmware-ipxe-efi.pcap", "PXEClient:Arch:00007:UNDI:003010", 7)]
    [InlineData("firmware-ovmf-pxe.pcap", "PXEClient:Arch:00007:UNDI:003000", 7)]
    public void Pxe_clients_send_vendor_class_and_architecture(string name, string vendorClass, int arch)
    {
        PcapDatagram discover = Discover(name);
        Assert.Equal(vendorClass, Encoding.ASCII.GetString(Option(discover, 60)!));
        Assert.Equal(arch, BinaryPrimitives.ReadUInt16BigEndian(Option(discover, 93)));

        // dnsmasq's answer names a boot file (in option 67 when the client listed 67 in option 55, else in the
        // BOOTP file field at offset 108) and the TFTP server in siaddr.
        PcapDatagram offer = PcapReplay.ReadUdp(Corpus.PathOf("Dhcp", name)).First(d => d.Source.Port == 67 && Option(d, 53)!.Single() == 2);
        string file = Encoding.ASCII.GetString(offer.Payload.Span.Slice(108, 128)).TrimEnd('\0');
        bool asked67 = Option(discover, 55)!.Contains((byte)67);
        if (asked67)
        {
            file = Encoding.ASCII.GetString(Option(offer, 67)!).TrimEnd('\0');
        }

        Assert.Equal(name.StartsWith("firmware-ipxe", StringComparison.Ordinal) ? "boot.ipxe" : arch == 7 ? "snponly.efi" : "undionly.kpxe", file);
        Assert.Equal(new byte[] { 10, 77, 0, 1 }, offer.Payload.Span.Slice(20, 4).ToArray());
    }

    [Theory]
    [InlineData("udhcpc-ipxe-userclass.pcap")]
    [InlineData("firmware-ipxe-bios.pcap")]
    [InlineData("firmware-ipxe-efi.pcap")]
    public void Ipxe_user_class_is_raw_text(string name)
    {
        Assert.Equal("iPXE", Encoding.ASCII.GetString(Option(Discover(name), 77)!));
    }

    [Theory]
    [InlineData("udhcpc-request-209-210.pcap")]
    [InlineData("dhclient-efi64.pcap")]
    public void Clients_asking_for_pxelinux_options_list_them_and_get_them(string name)
    {
        byte[] prl = Option(Discover(name), 55)!;
        Assert.Contains((byte)209, prl);
        Assert.Contains((byte)210, prl);
        PcapDatagram ack = PcapReplay.ReadUdp(Corpus.PathOf("Dhcp", name)).Last(d => d.Source.Port == 67 && Option(d, 53)!.Single() == 5);
        Assert.Equal("pxelinux.cfg/default", Encoding.ASCII.GetString(Option(ack, 209)!));
        Assert.Equal("/pxe/", Encoding.ASCII.GetString(Option(ack, 210)!));
    }

    [Theory]
    [InlineData("firmware-ipxe-bios.pcap", "boot.ipxe")]
    [InlineData("firmware-ipxe-efi.pcap", "boot.ipxe")]
    [InlineData("firmware-ovmf-pxe.pcap", "snponly.efi")]
    public void Firmware_captures_hold_the_tftp_that_follows(string name, string firstFile)
    {
        IReadOnlyList<PcapDatagram> datagrams = PcapReplay.ReadUdp(Corpus.PathOf("Dhcp", name));
        PcapDatagram rrq = datagrams.First(d => d.Destination.Port == 69);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16BigEndian(rrq.Payload.Span));
        Assert.StartsWith(firstFile + "\0", Encoding.ASCII.GetString(rrq.Payload.Span[2..]), StringComparison.Ordinal);
        Assert.Contains(datagrams, d => d.Payload.Length >= 4 && BinaryPrimitives.ReadUInt16BigEndian(d.Payload.Span) == 3);
    }

    private static PcapDatagram Discover(string name) =>
        PcapReplay.ReadUdp(Corpus.PathOf("Dhcp", name)).First(d => d.Destination.Port == 67 && Option(d, 53) is [1]);

    private static void AssertBootp(PcapDatagram d, byte op)
    {
        ReadOnlySpan<byte> p = d.Payload.Span;
        Assert.True(p.Length >= OptionsOffset, $"{d}: {p.Length} bytes is shorter than a BOOTP header");
        Assert.Equal(op, p[0]);
        Assert.Equal(1, p[1]); // htype Ethernet
        Assert.Equal(6, p[2]); // hlen
        Assert.Equal(0x63825363u, BinaryPrimitives.ReadUInt32BigEndian(p[CookieOffset..]));
        Assert.NotNull(Option(d, 53));
    }

    /// <summary>The value of the first occurrence of <paramref name="code"/> in the options area, or null.</summary>
    private static byte[]? Option(PcapDatagram d, byte code)
    {
        ReadOnlySpan<byte> p = d.Payload.Span;
        int i = OptionsOffset;
        while (i < p.Length)
        {
            byte c = p[i];
            if (c == 0)
            {
                i++;
                continue;
            }

            if (c == 255 || i + 1 >= p.Length)
            {
                return null;
            }

            int length = p[i + 1];
            if (i + 2 + length > p.Length)
            {
                return null;
            }

            if (c == code)
            {
                return p.Slice(i + 2, length).ToArray();
            }

            i += 2 + length;
        }

        return null;
    }
}
