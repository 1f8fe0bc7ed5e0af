using System.Globalization;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Pxe.Testing;

namespace Pxe.Dhcp.Tests.Replay;

/// <summary>
/// Replays the captures of real clients and servers (udhcpc, dhclient, the iPXE ROM and OVMF against dnsmasq,
/// recorded into TestData): every DHCP datagram must parse, render to the golden <c>*.parsed.txt</c>, and
/// re-encode byte for byte through the <see cref="DhcpMessage"/> model; every captured client request must be
/// answerable by the responder.
/// </summary>
[Trait("Category", "Pcap")]
public class DhcpPcapReplayTests
{
    public static TheoryData<string> Captures() =>
    [
        "dhclient-efi64",
        "firmware-ipxe-bios",
        "firmware-ipxe-efi",
        "firmware-ovmf-pxe",
        "udhcpc-ipxe-userclass",
        "udhcpc-plain",
        "udhcpc-pxe-bios",
        "udhcpc-pxe-efi64",
        "udhcpc-request-209-210",
    ];

    internal static List<PcapDatagram> DhcpDatagrams(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", name + ".pcap");
        Assert.True(File.Exists(path), $"capture {path} is missing");
        return [.. PcapReplay.ReadUdp(path).Where(d => d.Destination.Port is 67 or 68 or 4011 || d.Source.Port is 67 or 68 or 4011)];
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Every_captured_packet_parses_matches_its_golden_decode_and_re_encodes_identically(string name)
    {
        List<PcapDatagram> datagrams = DhcpDatagrams(name);
        Assert.NotEmpty(datagrams);
        var text = new StringBuilder();
        foreach (PcapDatagram d in datagrams)
        {
            ReadOnlySpan<byte> bytes = d.Payload.Span;
            Assert.True(DhcpPacket.TryCreate(bytes, out DhcpPacket packet, out DhcpParseStatus status), $"{name} {d}: {status}");
            text.Append(CultureInfo.InvariantCulture, $"# {d.Source} -> {d.Destination}\n").Append(packet.Dump()).Append('\n');
            Assert.True(DhcpMessage.TryRead(bytes, out DhcpMessage? model, out _));
            Assert.True(model!.PaddingLength >= 0, $"{name} {d}: non-zero bytes after END");
            byte[] again = model.ToArray();
            Assert.True(bytes.SequenceEqual(again), $"{name} {d}: re-encoding differs");
        }

        GoldenFile.AssertMatches($"TestData/{name}.parsed.txt", text.ToString());
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Every_captured_client_message_gets_a_decision_from_the_responder(string name)
    {
        var settings = new DhcpResponderSettings { ServerIdentifier = Ipv4Address.Parse("10.0.2.2") };
        settings.Pools.Add(new DhcpPool(Ipv4Address.Parse("10.0.2.100"), Ipv4Address.Parse("10.0.2.200"), Ipv4Address.Parse("255.255.255.0")));
        var responder = new DhcpResponder(settings, new InMemoryDhcpLeaseStore(), new ConfiguredBootPolicy(new DhcpBootSettings { BiosBootFile = "undionly.kpxe", EfiX64BootFile = "ipxe.efi", IpxeScript = "boot.ipxe" }), new FakeTimeProvider());
        byte[] reply = new byte[DhcpLimits.MaxReplyLength];
        int requests = 0;
        foreach (PcapDatagram d in DhcpDatagrams(name))
        {
            if (!DhcpPacket.TryCreate(d.Payload.Span, out DhcpPacket p) || p.Op != BootpOpCode.BootRequest)
            {
                continue;
            }

            requests++;
            DhcpResponse r = responder.Respond(d.Payload.Span, new DhcpReceiveContext(Ipv4Address.Parse("10.0.2.2"), 1, Ipv4Address.Any, 68, (ushort)d.Destination.Port), reply);
            if (p.MessageType == DhcpMessageType.Discover)
            {
                Assert.True(r.HasReply, $"{name} {d}: DISCOVER dropped ({r.DropReason})");
                Assert.True(DhcpPacket.TryCreate(reply.AsSpan(0, r.Length), out DhcpPacket offer));
                Assert.Equal(p.TransactionId, offer.TransactionId);
            }
        }

        Assert.True(requests > 0, $"{name}: no client messages");
    }
}
