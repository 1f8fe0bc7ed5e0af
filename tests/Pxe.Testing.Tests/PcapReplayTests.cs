using System.Buffers.Binary;
using System.Net;

namespace Pxe.Testing.Tests;

/// <summary>Tests of <see cref="PcapReplay"/> over real captures of the corpus.</summary>
[Trait("Category", "Pcap")]
public class PcapReplayTests
{
    private static readonly IPAddress Server = IPAddress.Parse("10.77.0.1");
    private static readonly IPAddress Client = IPAddress.Parse("10.77.0.10");

    [Fact]
    public void ReadUdp_yields_endpoints_and_payloads_in_file_order()
    {
        IReadOnlyList<PcapDatagram> datagrams = PcapReplay.ReadUdp(Corpus.PathOf("Tftp", "curl-default-hpa.pcap"));

        Assert.True(datagrams.Count > 100, $"only {datagrams.Count} datagrams");
        PcapDatagram rrq = datagrams[0];
        Assert.Equal(new IPEndPoint(Server, 69), rrq.Destination);
        Assert.Equal(Client, rrq.Source.Address);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16BigEndian(rrq.Payload.Span));
        Assert.StartsWith("medium.bin\0octet\0", System.Text.Encoding.ASCII.GetString(rrq.Payload.Span[2..]), StringComparison.Ordinal);
        for (int i = 0; i < datagrams.Count; i++)
        {
            Assert.Equal(i, datagrams[i].Index);
            if (i > 0)
            {
                Assert.True(datagrams[i].Timestamp >= datagrams[i - 1].Timestamp, $"timestamps go back at #{i}");
            }
        }

        // The server answers from a fresh port (RFC 1350 §4 TID) to the client's port.
        PcapDatagram oack = datagrams[1];
        Assert.Equal(Server, oack.Source.Address);
        Assert.NotEqual(69, oack.Source.Port);
        Assert.Equal(rrq.Source, oack.Destination);
        Assert.Equal(DateTimeKind.Utc, rrq.Timestamp.Kind);
        Assert.InRange(rrq.Timestamp.Year, 2024, 2100);
    }

    [Fact]
    public void ReadUdp_reassembles_fragmented_ipv4_datagrams()
    {
        // blksize 65464 over a 1500-byte MTU: every DATA datagram is 45 IPv4 fragments on the wire.
        string path = Corpus.PathOf("Tftp", "curl-blksize65464-hpa.pcap");
        int frames = PcapReplay.ReadFrames(path).Count();
        IReadOnlyList<PcapDatagram> datagrams = PcapReplay.ReadUdp(path);
        var data = datagrams.Where(d => BinaryPrimitives.ReadUInt16BigEndian(d.Payload.Span) == 3).ToList();

        Assert.True(frames > datagrams.Count + 40, $"{frames} frames vs {datagrams.Count} datagrams: nothing was fragmented");
        Assert.Equal(2, data.Count);
        Assert.Equal(4 + 65464, data[0].Payload.Length);
        Assert.Equal(4 + (65536 - 65464), data[1].Payload.Length);
        byte[] file = [.. data[0].Payload.Span[4..], .. data[1].Payload.Span[4..]];
        Assert.Equal(Corpus.FixedBytes(65536), file);
    }

    [Fact]
    public void ReadFrames_reports_the_link_type()
    {
        PcapReplay.Frame first = PcapReplay.ReadFrames(Corpus.PathOf("Tftp", "curl-default-hpa.pcap")).First();
        Assert.Equal(1, first.LinkType);
        Assert.Equal(0x0800, BinaryPrimitives.ReadUInt16BigEndian(first.Data.AsSpan(12)));
    }

    [Fact]
    public async Task Pcapng_files_replay_like_pcap_files()
    {
        // editcap (Wireshark) rewrites a corpus capture as pcapng; libpcap reads both formats.
        string source = Corpus.PathOf("Tftp", "curl-blksize1468-hpa.pcap");
        string pcapng = Path.Combine(Path.GetTempPath(), $"pxe-{Guid.NewGuid():N}.pcapng");
        try
        {
            PeerResult convert = await PeerProcess.RunAsync("editcap", ["-F", "pcapng", source, pcapng], TimeSpan.FromSeconds(30));
            Assert.True(convert.ExitCode == 0, convert.Output);
            Assert.Equal(0x0A0D0D0Au, BinaryPrimitives.ReadUInt32LittleEndian(File.ReadAllBytes(pcapng)));
            IReadOnlyList<PcapDatagram> expected = PcapReplay.ReadUdp(source);
            IReadOnlyList<PcapDatagram> actual = PcapReplay.ReadUdp(pcapng);
            Assert.Equal(expected.Count, actual.Count);
            for (int i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Source, actual[i].Source);
                Assert.Equal(expected[i].Destination, actual[i].Destination);
                Assert.Equal(expected[i].Timestamp, actual[i].Timestamp);
                Assert.True(expected[i].Payload.Span.SequenceEqual(actual[i].Payload.Span), $"payload #{i} differs");
            }
        }
        finally
        {
            File.Delete(pcapng);
        }
    }

    [Fact]
    public void ReadTcpSegments_reports_flags_and_sequence_numbers_as_captured()
    {
        IReadOnlyList<PcapTcpSegment> segments = PcapReplay.ReadTcpSegments(Corpus.PathOf("Nfs", "showmount-exports.pcap"));
        PcapTcpSegment syn = segments.First(s => (s.Flags & PcapTcpFlags.Syn) != 0);
        Assert.Equal(PcapTcpFlags.Syn, syn.Flags);
        Assert.Equal(0, syn.Payload.Length);
        PcapTcpSegment synAck = segments.First(s => s.Flags == (PcapTcpFlags.Syn | PcapTcpFlags.Ack));
        Assert.Equal(syn.Source, synAck.Destination);
        Assert.Contains(segments, s => (s.Flags & PcapTcpFlags.Fin) != 0);
        // The first data segment from the client starts right after its SYN.
        PcapTcpSegment firstData = segments.First(s => s.Source.Equals(syn.Source) && s.Destination.Equals(syn.Destination) && s.Payload.Length > 0);
        Assert.Equal(syn.SequenceNumber + 1, firstData.SequenceNumber);
    }

    [Fact]
    public void Missing_capture_throws_FileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => PcapReplay.ReadUdp(Corpus.PathOf("Tftp", "no-such-capture.pcap")));
    }
}
