using System.Net;
using System.Text;
using Pxe.Testing;

namespace Pxe.Tftp.Tests.Replay;

/// <summary>
/// Replays captures of real clients and servers (curl, tftp-hpa, atftp, iPXE and OVMF firmware against tftpd-hpa
/// and dnsmasq, recorded by tests/Pxe.Tftp.Tests/TestData): every TFTP datagram must parse, render to the golden
/// <c>*.parsed.txt</c>, and re-encode byte for byte with <see cref="TftpPacketWriter"/>.
/// </summary>
[Trait("Category", "Pcap")]
public class TftpPcapReplayTests
{
    public static TheoryData<string> Captures() =>
    [
        "atftp-blksize1468-windowsize16-dnsmasq",
        "atftp-blksize1468-windowsize16-hpa",
        "atftp-tsize-dnsmasq",
        "atftp-tsize-hpa",
        "curl-blksize1468-dnsmasq",
        "curl-blksize1468-hpa",
        "curl-blksize1468-hpa-any-sll",
        "curl-blksize1468-hpa-any-sll2",
        "curl-blksize512-dnsmasq",
        "curl-blksize512-hpa",
        "curl-blksize65464-dnsmasq",
        "curl-blksize65464-hpa",
        "curl-blksize8-dnsmasq",
        "curl-blksize8-hpa",
        "curl-default-dnsmasq",
        "curl-default-hpa",
        "curl-no-options-dnsmasq",
        "curl-no-options-hpa",
        "curl-not-found-dnsmasq",
        "curl-not-found-hpa",
        "firmware-ipxe-bios",
        "firmware-ipxe-efi",
        "firmware-ovmf-pxe",
        "tftp-hpa-dnsmasq",
        "tftp-hpa-hpa",
    ];

    /// <summary>The TFTP datagrams of a capture: requests to port 69 and everything exchanged with the requesting port afterwards.</summary>
    internal static List<PcapDatagram> TftpDatagrams(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", name + ".pcap");
        var clients = new HashSet<IPEndPoint>();
        var result = new List<PcapDatagram>();
        foreach (PcapDatagram d in PcapReplay.ReadUdp(path))
        {
            if (d.Destination.Port == 69)
            {
                clients.Add(d.Source);
                result.Add(d);
            }
            else if (clients.Contains(d.Source) || clients.Contains(d.Destination))
            {
                result.Add(d);
            }
        }

        return result;
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Every_captured_packet_parses_renders_and_reencodes_identically(string name)
    {
        List<PcapDatagram> datagrams = TftpDatagrams(name);
        Assert.NotEmpty(datagrams);
        var text = new StringBuilder();
        byte[] buffer = new byte[TftpLimits.MaxPacketLength];
        foreach (PcapDatagram d in datagrams)
        {
            ReadOnlySpan<byte> bytes = d.Payload.Span;
            Assert.True(TftpPacket.TryCreate(bytes, out TftpPacket packet, out TftpParseStatus status), $"{name} #{d.Index}: {status}");
            text.Append('#').Append(d.Index).Append(' ').Append(d.Source).Append(" -> ").Append(d.Destination).Append(' ').Append(packet.ToString()).Append('\n');
            int written = Reencode(packet, buffer);
            Assert.True(bytes.SequenceEqual(buffer.AsSpan(0, written)), $"{name} #{d.Index} ({packet.ToString()}) does not re-encode identically");
        }

        GoldenFile.AssertMatches($"TestData/{name}.parsed.txt", text.ToString());
    }

    [Fact]
    public void Firmware_and_curl_requests_carry_the_options_we_negotiate()
    {
        // iPXE asks for blksize and tsize, never windowsize (FIELD-NOTES §4c); curl asks for tsize, blksize and timeout.
        foreach ((string capture, string[] expected) in new[] { ("firmware-ipxe-bios", new[] { "blksize", "tsize" }), ("curl-blksize8-hpa", new[] { "tsize", "blksize", "timeout" }) })
        {
            PcapDatagram rrq = TftpDatagrams(capture).First(d => d.Destination.Port == 69);
            Assert.True(TftpRequest.TryCreate(rrq.Payload.Span, out TftpRequest request));
            var names = new List<string>();
            foreach (TftpOption o in request.Options)
            {
                names.Add(Encoding.ASCII.GetString(o.Name).ToLowerInvariant());
            }

            Assert.Equal(expected.Order(), names.Order());
        }
    }

    private static int Reencode(TftpPacket packet, Span<byte> buffer)
    {
        var w = new TftpPacketWriter(buffer);
        switch (packet.Opcode)
        {
            case TftpOpcode.Data:
                Assert.True(w.TryWriteData(packet.BlockNumber, packet.Payload));
                return w.BytesWritten;
            case TftpOpcode.Ack:
                Assert.True(w.TryWriteAck(packet.BlockNumber));
                return w.BytesWritten;
            case TftpOpcode.Error:
                Assert.True(packet.ErrorMessageTerminated);
                Assert.True(w.TryWriteError(packet.ErrorCode, packet.ErrorMessage));
                return w.BytesWritten;
            case TftpOpcode.OptionAck:
                Assert.True(w.TryWriteOptionAck());
                break;
            default:
                Assert.True(TftpRequest.TryCreate(packet.Span, out TftpRequest request));
                Assert.True(w.TryWriteRequest(request.Opcode, request.FileName, request.Mode));
                break;
        }

        foreach (TftpOption option in packet.Options)
        {
            Assert.True(w.TryWriteOption(option.Name, option.Value));
        }

        return w.BytesWritten;
    }
}
