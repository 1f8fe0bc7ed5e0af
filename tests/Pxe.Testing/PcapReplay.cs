using System.Buffers.Binary;
using System.Net;
using SharpPcap;
using SharpPcap.LibPcap;

namespace Pxe.Testing;

/// <summary>One UDP datagram read from a capture (IPv4 fragments already reassembled).</summary>
/// <param name="Index">Zero-based position among the capture's UDP datagrams.</param>
/// <param name="Timestamp">Capture time (UTC) of the frame that completed the datagram.</param>
/// <param name="Source">Sender address and port.</param>
/// <param name="Destination">Receiver address and port.</param>
/// <param name="Payload">The UDP payload (without the UDP header).</param>
public sealed record PcapDatagram(int Index, DateTime Timestamp, IPEndPoint Source, IPEndPoint Destination, ReadOnlyMemory<byte> Payload)
{
    /// <inheritdoc />
    public override string ToString() => $"#{Index} {Timestamp:HH:mm:ss.ffffff} {Source} -> {Destination} udp {Payload.Length}";
}

/// <summary>TCP control flags of a segment.</summary>
[Flags]
public enum PcapTcpFlags : byte
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>FIN: the sender has no more data.</summary>
    Fin = 0b0000_0001,

    /// <summary>SYN: synchronise sequence numbers.</summary>
    Syn = 0b0000_0010,

    /// <summary>RST: reset the connection.</summary>
    Rst = 0b0000_0100,

    /// <summary>PSH: push.</summary>
    Psh = 0b0000_1000,

    /// <summary>ACK: the acknowledgement field is significant.</summary>
    Ack = 0b0001_0000,
}

/// <summary>One TCP segment exactly as captured (not reassembled).</summary>
/// <param name="Index">Zero-based position among the capture's TCP segments.</param>
/// <param name="Timestamp">Capture time (UTC).</param>
/// <param name="Source">Sender address and port.</param>
/// <param name="Destination">Receiver address and port.</param>
/// <param name="SequenceNumber">The raw sequence number.</param>
/// <param name="Flags">Control flags.</param>
/// <param name="Payload">The TCP payload.</param>
public sealed record PcapTcpSegment(int Index, DateTime Timestamp, IPEndPoint Source, IPEndPoint Destination, uint SequenceNumber, PcapTcpFlags Flags, ReadOnlyMemory<byte> Payload)
{
    /// <inheritdoc />
    public override string ToString() => $"#{Index} {Timestamp:HH:mm:ss.ffffff} {Source} -> {Destination} tcp seq={SequenceNumber} [{Flags}] {Payload.Length}";
}

/// <summary>A contiguous piece of a reassembled stream: where it starts in <see cref="PcapTcpStream.Data"/> and when it was captured.</summary>
/// <param name="Offset">Offset of the first byte in the stream.</param>
/// <param name="Length">Number of bytes.</param>
/// <param name="Timestamp">Capture time of the segment that carried them.</param>
public readonly record struct PcapStreamChunk(int Offset, int Length, DateTime Timestamp);

/// <summary>
/// One direction of one TCP connection, reassembled: the bytes <see cref="Source"/> sent to <see cref="Destination"/>
/// in sequence order, with retransmitted and duplicate segments dropped.
/// </summary>
public sealed class PcapTcpStream
{
    internal PcapTcpStream(int connection, IPEndPoint source, IPEndPoint destination, bool sawSyn, bool sawFin, bool sawReset, byte[] data, IReadOnlyList<PcapStreamChunk> chunks, int missingBytes, int duplicateSegments)
    {
        Connection = connection;
        Source = source;
        Destination = destination;
        SawSyn = sawSyn;
        SawFin = sawFin;
        SawReset = sawReset;
        Data = data;
        Chunks = chunks;
        MissingBytes = missingBytes;
        DuplicateSegments = duplicateSegments;
    }

    /// <summary>Zero-based connection number in order of first appearance; both directions of a connection share it.</summary>
    public int Connection { get; }

    /// <summary>The sender of these bytes.</summary>
    public IPEndPoint Source { get; }

    /// <summary>The receiver of these bytes.</summary>
    public IPEndPoint Destination { get; }

    /// <summary>Whether the capture holds this direction's SYN (so <see cref="Data"/> starts at the true stream start).</summary>
    public bool SawSyn { get; }

    /// <summary>Whether the capture holds this direction's FIN.</summary>
    public bool SawFin { get; }

    /// <summary>Whether this direction sent a RST.</summary>
    public bool SawReset { get; }

    /// <summary>The reassembled bytes. Holes (segments missing from the capture) are filled with zeros and counted in <see cref="MissingBytes"/>.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The contiguous pieces of <see cref="Data"/> in stream order, with their capture times.</summary>
    public IReadOnlyList<PcapStreamChunk> Chunks { get; }

    /// <summary>Bytes the capture never saw (0 for a complete capture).</summary>
    public int MissingBytes { get; }

    /// <summary>Segments dropped as retransmissions or duplicates (their bytes were already in the stream).</summary>
    public int DuplicateSegments { get; }

    /// <inheritdoc />
    public override string ToString() => $"conn {Connection} {Source} -> {Destination} {Data.Length} bytes{(SawSyn ? " syn" : "")}{(SawFin ? " fin" : "")}{(MissingBytes > 0 ? $" missing {MissingBytes}" : "")}";
}

/// <summary>
/// Reads captures (pcap or pcapng, as written by tcpdump/tshark) with SharpPcap's <see cref="CaptureFileReaderDevice"/>
/// and yields the UDP datagrams and TCP streams in them, so protocol tests can replay real traffic without a socket.
/// </summary>
/// <remarks>
/// Link types: Ethernet (with 802.1Q tags), Linux cooked v1 and v2 (<c>tcpdump -i any</c>), raw IP and BSD loopback.
/// Network layer: IPv4 (fragments are reassembled) and IPv6 (extension headers are skipped; fragmented IPv6 is not
/// reassembled and such datagrams are ignored). Other frames (ARP, ICMP, ...) are ignored. SharpPcap needs native
/// libpcap even to read files (Debian package libpcap0.8, installed by scripts/install-deps.sh).
/// </remarks>
public static class PcapReplay
{
    private const int LinkTypeNull = 0;
    private const int LinkTypeEthernet = 1;
    private const int LinkTypeRaw = 101;
    private const int LinkTypeRawAlt = 12;
    private const int LinkTypeLinuxSll = 113;
    private const int LinkTypeLinuxSll2 = 276;
    private const int LinkTypeIpv4 = 228;
    private const int LinkTypeIpv6 = 229;
    private const ushort EtherTypeIpv4 = 0x0800;
    private const ushort EtherTypeIpv6 = 0x86DD;
    private const ushort EtherTypeVlan = 0x8100;
    private const ushort EtherTypeQinQ = 0x88A8;
    private const byte ProtocolTcp = 6;
    private const byte ProtocolUdp = 17;

    /// <summary>A raw captured frame.</summary>
    /// <param name="Timestamp">Capture time (UTC).</param>
    /// <param name="LinkType">The DLT/LINKTYPE number of the capture (1 Ethernet, 113 SLL, 276 SLL2, ...).</param>
    /// <param name="Data">The frame bytes.</param>
    public readonly record struct Frame(DateTime Timestamp, int LinkType, byte[] Data);

    /// <summary>Every frame of the capture, in file order.</summary>
    public static IEnumerable<Frame> ReadFrames(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"capture not found: {path}", path);
        }

        using var device = new CaptureFileReaderDevice(path);
        device.Open();
        while (device.GetNextPacket(out PacketCapture capture) == GetPacketStatus.PacketRead)
        {
            RawCapture raw = capture.GetPacket();
            yield return new Frame(raw.Timeval.Date.ToUniversalTime(), (int)raw.LinkLayerType, raw.Data);
        }
    }

    /// <summary>Every UDP datagram of the capture in file order (IPv4 fragments reassembled).</summary>
    public static IReadOnlyList<PcapDatagram> ReadUdp(string path)
    {
        var result = new List<PcapDatagram>();
        foreach (Transport t in ReadTransport(path))
        {
            if (t.Protocol == ProtocolUdp && t.Payload.Length >= 8)
            {
                ReadOnlySpan<byte> udp = t.Payload.Span;
                ushort sport = BinaryPrimitives.ReadUInt16BigEndian(udp);
                ushort dport = BinaryPrimitives.ReadUInt16BigEndian(udp[2..]);
                ushort length = BinaryPrimitives.ReadUInt16BigEndian(udp[4..]);
                int payloadLength = Math.Clamp(length - 8, 0, udp.Length - 8);
                result.Add(new PcapDatagram(result.Count, t.Timestamp, new IPEndPoint(t.Source, sport), new IPEndPoint(t.Destination, dport), t.Payload.Slice(8, payloadLength)));
            }
        }

        return result;
    }

    /// <summary>Every TCP segment of the capture in file order, not reassembled.</summary>
    public static IReadOnlyList<PcapTcpSegment> ReadTcpSegments(string path)
    {
        var result = new List<PcapTcpSegment>();
        foreach (Transport t in ReadTransport(path))
        {
            if (t.Protocol != ProtocolTcp || t.Payload.Length < 20)
            {
                continue;
            }

            ReadOnlySpan<byte> tcp = t.Payload.Span;
            int headerLength = (tcp[12] >> 4) * 4;
            if (headerLength < 20 || headerLength > tcp.Length)
            {
                continue;
            }

            ushort sport = BinaryPrimitives.ReadUInt16BigEndian(tcp);
            ushort dport = BinaryPrimitives.ReadUInt16BigEndian(tcp[2..]);
            uint seq = BinaryPrimitives.ReadUInt32BigEndian(tcp[4..]);
            var flags = (PcapTcpFlags)(tcp[13] & 0b0001_1111);
            result.Add(new PcapTcpSegment(result.Count, t.Timestamp, new IPEndPoint(t.Source, sport), new IPEndPoint(t.Destination, dport), seq, flags, t.Payload[headerLength..]));
        }

        return result;
    }

    /// <summary>
    /// Every TCP connection of the capture, one <see cref="PcapTcpStream"/> per direction, ordered by connection and
    /// then client-to-server first (the side that sent the first SYN, or the first segment when no SYN was captured).
    /// </summary>
    /// <remarks>
    /// Segments are placed by sequence number relative to the SYN (or to the lowest sequence number seen when the
    /// capture started mid-connection), so out-of-order segments are reordered, retransmitted and overlapping bytes
    /// are taken once, and a new SYN on a 4-tuple whose previous connection finished starts a new connection.
    /// </remarks>
    public static IReadOnlyList<PcapTcpStream> ReadTcpStreams(string path)
    {
        var open = new Dictionary<(IPEndPoint, IPEndPoint), Direction>();
        var connections = new List<(Direction First, Direction? Second)>();
        foreach (PcapTcpSegment segment in ReadTcpSegments(path))
        {
            var key = (segment.Source, segment.Destination);
            bool syn = (segment.Flags & PcapTcpFlags.Syn) != 0;
            if (open.TryGetValue(key, out Direction? direction) && syn && direction.SynSeen && direction.IsFinished && segment.SequenceNumber != direction.InitialSequence)
            {
                // Port reuse: a fresh SYN after the previous connection on this 4-tuple ended.
                open.Remove(key);
                open.Remove((segment.Destination, segment.Source));
                direction = null;
            }

            if (direction is null)
            {
                if (open.TryGetValue((segment.Destination, segment.Source), out Direction? reverse) && reverse.Peer is null)
                {
                    direction = new Direction(reverse.Connection, segment.Source, segment.Destination) { Peer = reverse };
                    reverse.Peer = direction;
                    connections[reverse.Connection] = (connections[reverse.Connection].First, direction);
                }
                else
                {
                    direction = new Direction(connections.Count, segment.Source, segment.Destination);
                    connections.Add((direction, null));
                }

                open[key] = direction;
            }

            direction.Add(segment);
        }

        var result = new List<PcapTcpStream>(connections.Count * 2);
        foreach ((Direction first, Direction? second) in connections)
        {
            // Client first: the direction whose SYN has no ACK.
            Direction a = first;
            Direction? b = second;
            if (b is not null && b.SynWithoutAck && !a.SynWithoutAck)
            {
                (a, b) = (b, a);
            }

            result.Add(a.Build());
            if (b is not null)
            {
                result.Add(b.Build());
            }
        }

        return result;
    }

    private readonly record struct Transport(DateTime Timestamp, IPAddress Source, IPAddress Destination, byte Protocol, ReadOnlyMemory<byte> Payload);

    private static IEnumerable<Transport> ReadTransport(string path)
    {
        var fragments = new Dictionary<(uint Src, uint Dst, ushort Id, byte Proto), FragmentSet>();
        foreach (Frame frame in ReadFrames(path))
        {
            if (!TryGetNetworkLayer(frame.LinkType, frame.Data, out int offset, out ushort etherType))
            {
                continue;
            }

            ReadOnlyMemory<byte> ip = frame.Data.AsMemory(offset);
            if (etherType == EtherTypeIpv4 || (etherType == 0 && ip.Length > 0 && ip.Span[0] >> 4 == 4))
            {
                if (TryReadIpv4(ip, frame.Timestamp, fragments, out Transport t))
                {
                    yield return t;
                }
            }
            else if (etherType == EtherTypeIpv6 || (etherType == 0 && ip.Length > 0 && ip.Span[0] >> 4 == 6))
            {
                if (TryReadIpv6(ip, frame.Timestamp, out Transport t))
                {
                    yield return t;
                }
            }
        }
    }

    /// <summary>Finds the network-layer header in a frame. <paramref name="etherType"/> is 0 when the link type does not say (raw IP).</summary>
    private static bool TryGetNetworkLayer(int linkType, ReadOnlySpan<byte> frame, out int offset, out ushort etherType)
    {
        offset = 0;
        etherType = 0;
        switch (linkType)
        {
            case LinkTypeEthernet:
                if (frame.Length < 14)
                {
                    return false;
                }

                offset = 14;
                etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
                while ((etherType == EtherTypeVlan || etherType == EtherTypeQinQ) && frame.Length >= offset + 4)
                {
                    etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[(offset + 2)..]);
                    offset += 4;
                }

                return true;
            case LinkTypeLinuxSll:
                // Linux cooked v1: packet type(2) ARPHRD(2) addr len(2) addr(8) protocol(2).
                if (frame.Length < 16)
                {
                    return false;
                }

                offset = 16;
                etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[14..]);
                return true;
            case LinkTypeLinuxSll2:
                // Linux cooked v2: protocol(2) reserved(2) ifindex(4) ARPHRD(2) packet type(1) addr len(1) addr(8).
                if (frame.Length < 20)
                {
                    return false;
                }

                offset = 20;
                etherType = BinaryPrimitives.ReadUInt16BigEndian(frame);
                return true;
            case LinkTypeNull:
                // BSD loopback: 4-byte address family in host order; the version nibble tells the rest.
                offset = 4;
                return frame.Length > 4;
            case LinkTypeRaw:
            case LinkTypeRawAlt:
            case LinkTypeIpv4:
            case LinkTypeIpv6:
                return frame.Length > 0;
            default:
                return false;
        }
    }

    private static bool TryReadIpv4(ReadOnlyMemory<byte> packet, DateTime timestamp, Dictionary<(uint, uint, ushort, byte), FragmentSet> fragments, out Transport transport)
    {
        transport = default;
        ReadOnlySpan<byte> ip = packet.Span;
        if (ip.Length < 20 || ip[0] >> 4 != 4)
        {
            return false;
        }

        int headerLength = (ip[0] & 0x0F) * 4;
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        if (headerLength < 20 || totalLength < headerLength || totalLength > ip.Length)
        {
            // Truncated by the snapshot length (or malformed): take what was captured.
            totalLength = Math.Min(Math.Max(totalLength, headerLength), ip.Length);
            if (headerLength < 20 || headerLength > ip.Length)
            {
                return false;
            }
        }

        ushort id = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
        ushort flagsAndOffset = BinaryPrimitives.ReadUInt16BigEndian(ip[6..]);
        bool moreFragments = (flagsAndOffset & 0x2000) != 0;
        int fragmentOffset = (flagsAndOffset & 0x1FFF) * 8;
        byte protocol = ip[9];
        uint src = BinaryPrimitives.ReadUInt32BigEndian(ip[12..]);
        uint dst = BinaryPrimitives.ReadUInt32BigEndian(ip[16..]);
        var source = new IPAddress(ip.Slice(12, 4));
        var destination = new IPAddress(ip.Slice(16, 4));
        ReadOnlyMemory<byte> payload = packet[headerLength..totalLength];

        if (!moreFragments && fragmentOffset == 0)
        {
            transport = new Transport(timestamp, source, destination, protocol, payload);
            return true;
        }

        // RFC 791 reassembly keyed by (src, dst, id, protocol).
        var key = (src, dst, id, protocol);
        if (!fragments.TryGetValue(key, out FragmentSet? set))
        {
            set = new FragmentSet();
            fragments[key] = set;
        }

        set.Parts[fragmentOffset] = payload.ToArray();
        if (!moreFragments)
        {
            set.TotalLength = fragmentOffset + payload.Length;
        }

        if (set.TotalLength < 0)
        {
            return false;
        }

        var whole = new byte[set.TotalLength];
        int covered = 0;
        foreach ((int partOffset, byte[] part) in set.Parts.OrderBy(p => p.Key))
        {
            if (partOffset > covered)
            {
                return false;
            }

            int end = Math.Min(partOffset + part.Length, whole.Length);
            if (end > covered)
            {
                part.AsSpan(covered - partOffset, end - covered).CopyTo(whole.AsSpan(covered));
                covered = end;
            }
        }

        if (covered < whole.Length)
        {
            return false;
        }

        fragments.Remove(key);
        transport = new Transport(timestamp, source, destination, protocol, whole);
        return true;
    }

    private static bool TryReadIpv6(ReadOnlyMemory<byte> packet, DateTime timestamp, out Transport transport)
    {
        transport = default;
        ReadOnlySpan<byte> ip = packet.Span;
        if (ip.Length < 40 || ip[0] >> 4 != 6)
        {
            return false;
        }

        int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
        byte next = ip[6];
        var source = new IPAddress(ip.Slice(8, 16));
        var destination = new IPAddress(ip.Slice(24, 16));
        int offset = 40;
        int end = Math.Min(ip.Length, 40 + payloadLength);

        // Skip extension headers: hop-by-hop (0), routing (43), destination options (60). A fragment header (44) is not reassembled.
        while (next is 0 or 43 or 60)
        {
            if (offset + 8 > end)
            {
                return false;
            }

            byte following = ip[offset];
            offset += (ip[offset + 1] + 1) * 8;
            next = following;
        }

        if (next is not (ProtocolTcp or ProtocolUdp) || offset > end)
        {
            return false;
        }

        transport = new Transport(timestamp, source, destination, next, packet[offset..end]);
        return true;
    }

    private sealed class FragmentSet
    {
        public Dictionary<int, byte[]> Parts { get; } = [];

        public int TotalLength { get; set; } = -1;
    }

    private sealed class Direction(int connection, IPEndPoint source, IPEndPoint destination)
    {
        private readonly List<PcapTcpSegment> _segments = [];

        public int Connection { get; } = connection;

        public IPEndPoint Source { get; } = source;

        public IPEndPoint Destination { get; } = destination;

        public Direction? Peer { get; set; }

        public bool SynSeen { get; private set; }

        public bool SynWithoutAck { get; private set; }

        public uint InitialSequence { get; private set; }

        public bool FinSeen { get; private set; }

        public bool ResetSeen { get; private set; }

        public bool IsFinished => (FinSeen || ResetSeen) && (Peer is null || Peer.FinSeen || Peer.ResetSeen || ResetSeen);

        public void Add(PcapTcpSegment segment)
        {
            if ((segment.Flags & PcapTcpFlags.Syn) != 0 && !SynSeen)
            {
                SynSeen = true;
                SynWithoutAck = (segment.Flags & PcapTcpFlags.Ack) == 0;
                InitialSequence = segment.SequenceNumber;
            }

            FinSeen |= (segment.Flags & PcapTcpFlags.Fin) != 0;
            ResetSeen |= (segment.Flags & PcapTcpFlags.Rst) != 0;
            _segments.Add(segment);
        }

        public PcapTcpStream Build()
        {
            // Stream offset 0 is the byte after the SYN; without a SYN, the lowest sequence number carrying data.
            uint baseSeq;
            var withData = _segments.Where(s => s.Payload.Length > 0 && (s.Flags & PcapTcpFlags.Rst) == 0).ToList();
            if (SynSeen)
            {
                baseSeq = InitialSequence + 1;
            }
            else if (withData.Count > 0)
            {
                baseSeq = withData[0].SequenceNumber;
                foreach (PcapTcpSegment s in withData)
                {
                    if ((int)(s.SequenceNumber - baseSeq) < 0)
                    {
                        baseSeq = s.SequenceNumber;
                    }
                }
            }
            else
            {
                baseSeq = 0;
            }

            var placed = withData
                .Select(s => (Offset: (long)(int)(s.SequenceNumber - baseSeq), Segment: s))
                .Where(p => p.Offset + p.Segment.Payload.Length > 0)
                .OrderBy(p => p.Offset)
                .ThenBy(p => p.Segment.Index)
                .ToList();

            using var data = new MemoryStream();
            var chunks = new List<PcapStreamChunk>();
            long cursor = 0;
            int missing = 0;
            int duplicates = 0;
            foreach ((long offset, PcapTcpSegment segment) in placed)
            {
                long end = offset + segment.Payload.Length;
                if (end <= cursor)
                {
                    duplicates++;
                    continue;
                }

                if (offset > cursor)
                {
                    // A hole: the capture lost these bytes.
                    missing += (int)(offset - cursor);
                    data.Write(new byte[offset - cursor]);
                    cursor = offset;
                }
                else if (offset < cursor)
                {
                    duplicates++;
                }

                ReadOnlySpan<byte> fresh = segment.Payload.Span[(int)(cursor - offset)..];
                chunks.Add(new PcapStreamChunk((int)cursor, fresh.Length, segment.Timestamp));
                data.Write(fresh);
                cursor = end;
            }

            return new PcapTcpStream(Connection, Source, Destination, SynSeen, FinSeen, ResetSeen, data.ToArray(), chunks, missing, duplicates);
        }
    }
}
