using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Text;
using PacketDotNet;

namespace Pxe.Testing.Tests;

/// <summary>
/// Unit tests of <see cref="PcapReplay.ReadTcpStreams"/> on situations the real corpus rarely holds (reordering,
/// retransmission, overlap, sequence wrap, holes, port reuse). The frames are built with PacketDotNet and written to
/// a temporary classic pcap file; they are test input for the reassembler only, never part of the corpus.
/// </summary>
public sealed class TcpReassemblyTests : IDisposable
{
    private static readonly IPAddress ClientAddress = IPAddress.Parse("10.77.0.10");
    private static readonly IPAddress ServerAddress = IPAddress.Parse("10.77.0.1");
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"pxe-tcp-{Guid.NewGuid():N}.pcap");
    private readonly List<byte[]> _frames = [];

    public void Dispose() => File.Delete(_path);

    private void Segment(bool fromClient, uint seq, string payload = "", bool syn = false, bool fin = false, bool ack = true, ushort clientPort = 40000)
    {
        var tcp = new TcpPacket(fromClient ? clientPort : (ushort)2049, fromClient ? (ushort)2049 : clientPort)
        {
            SequenceNumber = seq,
            Synchronize = syn,
            Finished = fin,
            Acknowledgment = ack,
            WindowSize = 65535,
            PayloadData = Encoding.ASCII.GetBytes(payload),
        };
        var ip = new IPv4Packet(fromClient ? ClientAddress : ServerAddress, fromClient ? ServerAddress : ClientAddress) { PayloadPacket = tcp, TimeToLive = 64 };
        var eth = new EthernetPacket(PhysicalAddress.Parse("02-00-00-77-00-10"), PhysicalAddress.Parse("02-00-00-77-00-01"), EthernetType.IPv4) { PayloadPacket = ip };
        ip.UpdateCalculatedValues();
        tcp.UpdateCalculatedValues();
        ip.UpdateIPChecksum();
        tcp.UpdateTcpChecksum();
        _frames.Add(eth.Bytes);
    }

    /// <summary>Writes the frames as a classic little-endian pcap (magic a1b2c3d4, link type 1), 1 ms apart.</summary>
    private string Write()
    {
        using var file = new MemoryStream();
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xa1b2c3d4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 262144);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1);
        file.Write(header);
        Span<byte> record = stackalloc byte[16];
        for (int i = 0; i < _frames.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(record, 1_700_000_000);
            BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(i * 1000));
            BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)_frames[i].Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)_frames[i].Length);
            file.Write(record);
            file.Write(_frames[i]);
        }

        File.WriteAllBytes(_path, file.ToArray());
        return _path;
    }

    private static string Text(PcapTcpStream s) => Encoding.ASCII.GetString(s.Data.Span);

    private void Ipv6Udp(string payload)
    {
        var udp = new UdpPacket(546, 547) { PayloadData = Encoding.ASCII.GetBytes(payload) };
        var ip = new IPv6Packet(IPAddress.Parse("fe80::5054:ff:fe77:20"), IPAddress.Parse("ff02::1:2")) { PayloadPacket = udp, HopLimit = 1 };
        var eth = new EthernetPacket(PhysicalAddress.Parse("52-54-00-77-00-20"), PhysicalAddress.Parse("33-33-00-01-00-02"), EthernetType.IPv6) { PayloadPacket = ip };
        ip.UpdateCalculatedValues();
        udp.UpdateCalculatedValues();
        _frames.Add(eth.Bytes);
    }

    [Fact]
    public void Ipv6_udp_datagrams_keep_their_addresses()
    {
        Ipv6Udp("solicit");
        PcapDatagram d = Assert.Single(PcapReplay.ReadUdp(Write()));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("fe80::5054:ff:fe77:20"), 546), d.Source);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("ff02::1:2"), 547), d.Destination);
        Assert.Equal("solicit", Encoding.ASCII.GetString(d.Payload.Span));
    }

    [Fact]
    public void Reorders_drops_retransmissions_and_trims_overlaps()
    {
        const uint c = 1000, s = 5000;
        Segment(true, c, syn: true, ack: false);
        Segment(false, s, syn: true);
        Segment(true, c + 1 + 0, "01234");
        Segment(true, c + 1 + 10, "ABCDE"); // arrives before 5..10
        Segment(true, c + 1 + 5, "56789");
        Segment(true, c + 1 + 0, "01234"); // retransmission
        Segment(true, c + 1 + 8, "89ABCDEF"); // overlaps both neighbours
        Segment(true, c + 1 + 15, "FGHIJ");
        Segment(false, s + 1, "reply");
        Segment(true, c + 1 + 20, fin: true);
        Segment(false, s + 6, fin: true);

        IReadOnlyList<PcapTcpStream> streams = PcapReplay.ReadTcpStreams(Write());

        Assert.Equal(2, streams.Count);
        PcapTcpStream up = streams[0];
        Assert.Equal(new IPEndPoint(ClientAddress, 40000), up.Source);
        Assert.Equal("0123456789ABCDEFGHIJ", Text(up));
        Assert.True(up.SawSyn);
        Assert.True(up.SawFin);
        Assert.Equal(0, up.MissingBytes);
        Assert.Equal(4, up.DuplicateSegments); // the retransmission, the overlap, "ABCDE" (covered), "FGHIJ" (partly)
        Assert.Equal([0, 5, 10, 16], up.Chunks.Select(k => k.Offset));
        Assert.Equal("reply", Text(streams[1]));
        Assert.Equal(0, streams[1].Connection);
    }

    [Fact]
    public void Sequence_numbers_wrap_around()
    {
        const uint c = 0xFFFF_FFFD; // data starts at 0xFFFFFFFE and wraps after two bytes
        Segment(true, c, syn: true, ack: false);
        Segment(false, 7, syn: true);
        Segment(true, 0x0000_0000, "cdef");
        Segment(true, 0xFFFF_FFFE, "ab");

        PcapTcpStream up = PcapReplay.ReadTcpStreams(Write())[0];
        Assert.Equal("abcdef", Text(up));
    }

    [Fact]
    public void Holes_are_zero_filled_and_counted()
    {
        Segment(true, 100, syn: true, ack: false);
        Segment(true, 101, "abc");
        Segment(true, 107, "xyz"); // bytes 3..6 never captured

        PcapTcpStream up = PcapReplay.ReadTcpStreams(Write())[0];
        Assert.Equal(3, up.MissingBytes);
        Assert.Equal("abc\0\0\0xyz", Text(up));
    }

    [Fact]
    public void A_new_syn_on_a_finished_four_tuple_starts_a_new_connection()
    {
        Segment(true, 100, syn: true, ack: false);
        Segment(false, 900, syn: true);
        Segment(true, 101, "first");
        Segment(true, 106, fin: true);
        Segment(false, 901, fin: true);
        Segment(true, 5000, syn: true, ack: false);
        Segment(false, 7000, syn: true);
        Segment(true, 5001, "second");
        Segment(false, 7001, "answer");

        IReadOnlyList<PcapTcpStream> streams = PcapReplay.ReadTcpStreams(Write());
        Assert.Equal(4, streams.Count);
        Assert.Equal(["first", "", "second", "answer"], streams.Select(Text));
        Assert.Equal([0, 0, 1, 1], streams.Select(s => s.Connection));
    }

    [Fact]
    public void Capture_started_mid_connection_begins_at_the_lowest_sequence_number()
    {
        Segment(false, 3000, "server-first", ack: true);
        Segment(true, 2010, "later");
        Segment(true, 2000, "earlier...");

        IReadOnlyList<PcapTcpStream> streams = PcapReplay.ReadTcpStreams(Write());
        Assert.Equal(2, streams.Count);
        Assert.All(streams, s => Assert.False(s.SawSyn));
        PcapTcpStream fromClient = streams.Single(s => s.Source.Address.Equals(ClientAddress));
        Assert.Equal("earlier...later", Text(fromClient));
    }
}
