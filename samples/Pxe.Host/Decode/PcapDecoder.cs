using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;
using PacketDotNet;
using Pxe.Dhcp;
using Pxe.Nfs;
using Pxe.Tftp;
using SharpPcap;
using SharpPcap.LibPcap;

namespace Pxe.Host.Decode;

/// <summary>One decoded message, with the fields <c>pxe decode</c> prints.</summary>
internal sealed class DecodedMessage
{
    public int Frame { get; init; }

    public DateTime Time { get; init; }

    public string Source { get; init; } = string.Empty;

    public string Destination { get; init; } = string.Empty;

    /// <summary><c>dhcp</c>, <c>tftp</c> or <c>rpc</c>.</summary>
    public string Protocol { get; init; } = string.Empty;

    public string Summary { get; set; } = string.Empty;

    // DHCP
    public string? Xid { get; set; }

    public int? MessageType { get; set; }

    public string? ClientMac { get; set; }

    public IReadOnlyList<int>? Options { get; set; }

    // TFTP
    public int? Opcode { get; set; }

    public string? File { get; set; }

    public int? Block { get; set; }

    public IReadOnlyDictionary<string, string>? TftpOptions { get; set; }

    public int? ErrorCode { get; set; }

    // RPC
    public string? RpcDirection { get; set; }

    public uint? Program { get; set; }

    public uint? Version { get; set; }

    public uint? Procedure { get; set; }

    public string? ProcedureName { get; set; }

    public uint? ReplyState { get; set; }
}

/// <summary>
/// Decodes DHCP, TFTP and ONC-RPC (portmap, MOUNT, NFS) in a pcap file or a live capture with the Pxe libraries'
/// codecs: DHCP on ports 67/68/4011, TFTP requests on 69 and their transfers by conversation (as tshark follows
/// them), RPC over UDP and over TCP (record marking, reassembled per direction), calls recognised by their header
/// and replies by the xid of a call seen earlier.
/// </summary>
internal sealed class PcapDecoder
{
    private const int UdpHeaderLength = 8;
    // Client endpoint → the file its transfer is for (tshark shows it on every packet of the transfer too).
    private readonly Dictionary<string, string> _tftpConversations = [];
    private readonly Dictionary<uint, (uint Program, uint Version, uint Procedure)> _calls = [];
    private readonly Dictionary<(string, string), TcpFlow> _flows = [];
    private readonly Dictionary<(string, string, ushort), SortedDictionary<int, byte[]>> _fragments = [];
    private readonly Dictionary<(string, string, ushort), int> _fragmentEnds = [];

    public static IEnumerable<DecodedMessage> ReadFile(string path)
    {
        var decoder = new PcapDecoder();
        using var device = new CaptureFileReaderDevice(path);
        device.Open();
        int index = 0;
        while (device.GetNextPacket(out PacketCapture capture) == GetPacketStatus.PacketRead)
        {
            index++;
            RawCapture raw = capture.GetPacket();
            foreach (DecodedMessage m in decoder.Decode(index, raw.Timeval.Date.ToUniversalTime(), raw.LinkLayerType, raw.Data))
            {
                yield return m;
            }
        }
    }

    public IEnumerable<DecodedMessage> Decode(int frame, DateTime time, LinkLayers link, byte[] data)
    {
        Packet packet;
        try
        {
            packet = Packet.ParsePacket(link, data);
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or InvalidOperationException)
        {
            return [];
        }

        if (packet.Extract<IPv4Packet>() is not { } ip)
        {
            return [];
        }

        if (ip.Protocol == ProtocolType.Udp)
        {
            // UDP is read from the IPv4 payload (reassembled when fragmented: a TFTP block of 64 KiB arrives in
            // many fragments, and like tshark it is reported at the frame that completes it; RFC 791 §3.2).
            byte[] all = ip.Bytes;
            int header = ip.HeaderLength * 4;
            int total = Math.Min(all.Length, ip.TotalLength);
            if (total <= header)
            {
                return [];
            }

            byte[] datagram = all[header..total];
            int offset = ip.FragmentOffset * 8;
            bool more = (ip.FragmentFlags & 0b001) != 0;
            if (more || offset > 0)
            {
                var key = (ip.SourceAddress.ToString(), ip.DestinationAddress.ToString(), ip.Id);
                if (!_fragments.TryGetValue(key, out SortedDictionary<int, byte[]>? parts))
                {
                    parts = [];
                    _fragments[key] = parts;
                }

                parts[offset] = datagram;
                if (!more)
                {
                    _fragmentEnds[key] = offset + datagram.Length;
                }

                if (!_fragmentEnds.TryGetValue(key, out int end))
                {
                    return [];
                }

                int have = 0;
                foreach (KeyValuePair<int, byte[]> part in parts)
                {
                    if (part.Key != have)
                    {
                        return [];
                    }

                    have += part.Value.Length;
                }

                if (have != end)
                {
                    return [];
                }

                datagram = [.. parts.Values.SelectMany(x => x)];
                _fragments.Remove(key);
                _fragmentEnds.Remove(key);
            }

            if (datagram.Length < UdpHeaderLength)
            {
                return [];
            }

            int length = Math.Clamp(BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(4)), UdpHeaderLength, datagram.Length);
            var src = new IPEndPoint(ip.SourceAddress, BinaryPrimitives.ReadUInt16BigEndian(datagram));
            var dst = new IPEndPoint(ip.DestinationAddress, BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(2)));
            return DecodeUdp(frame, time, src, dst, datagram[UdpHeaderLength..length]) is { } m ? [m] : [];
        }

        if (packet.Extract<TcpPacket>() is { } tcp)
        {
            var src = new IPEndPoint(ip.SourceAddress, tcp.SourcePort);
            var dst = new IPEndPoint(ip.DestinationAddress, tcp.DestinationPort);
            return DecodeTcp(frame, time, src, dst, tcp);
        }

        return [];
    }

    private DecodedMessage? DecodeUdp(int frame, DateTime time, IPEndPoint src, IPEndPoint dst, byte[] payload)
    {
        if (src.Port is 67 or 68 or 4011 || dst.Port is 67 or 68 or 4011)
        {
            return DecodeDhcp(frame, time, src, dst, payload);
        }

        string a = src.ToString(), b = dst.ToString();
        string? file = null;
        if (dst.Port == 69 || _tftpConversations.TryGetValue(a, out file) || _tftpConversations.TryGetValue(b, out file))
        {
            if (DecodeTftp(frame, time, src, dst, payload) is { } t)
            {
                if (dst.Port == 69 && t.File is { } requested)
                {
                    // The transfer continues between the client's port and a new server port (RFC 1350 §4).
                    _tftpConversations[a] = requested;
                }
                else if (t.File is null && file is not null)
                {
                    t.File = file;
                }

                return t;
            }
        }

        return DecodeRpc(frame, time, src, dst, payload);
    }

    private static DecodedMessage? DecodeDhcp(int frame, DateTime time, IPEndPoint src, IPEndPoint dst, byte[] payload)
    {
        if (!DhcpPacket.TryCreate(payload, out DhcpPacket p))
        {
            return null;
        }

        var options = new List<int>();
        foreach (DhcpOption o in p.Options)
        {
            options.Add((int)o.Code);
        }

        string mac = p.ClientHardwareAddress.ToString();
        return new DecodedMessage
        {
            Frame = frame,
            Time = time,
            Source = src.ToString(),
            Destination = dst.ToString(),
            Protocol = "dhcp",
            Xid = "0x" + p.TransactionId.ToString("x8", CultureInfo.InvariantCulture),
            MessageType = (int)p.MessageType,
            ClientMac = mac,
            Options = options,
            Summary = $"DHCP {p.MessageType} xid 0x{p.TransactionId:x8} {mac} options {string.Join(',', options)}",
        };
    }

    private static DecodedMessage? DecodeTftp(int frame, DateTime time, IPEndPoint src, IPEndPoint dst, byte[] payload)
    {
        if (!TftpPacket.TryCreate(payload, out TftpPacket p))
        {
            return null;
        }

        var m = new DecodedMessage { Frame = frame, Time = time, Source = src.ToString(), Destination = dst.ToString(), Protocol = "tftp", Opcode = (int)p.Opcode };
        switch (p.Opcode)
        {
            case TftpOpcode.ReadRequest or TftpOpcode.WriteRequest when TftpRequest.TryCreate(payload, out TftpRequest r):
                m.File = r.FileNameText;
                m.TftpOptions = Options(r.Options);
                m.Summary = $"TFTP {p.Opcode} {m.File} {Format(m.TftpOptions)}";
                break;
            case TftpOpcode.Data or TftpOpcode.Ack:
                m.Block = p.BlockNumber;
                m.Summary = $"TFTP {p.Opcode} block {p.BlockNumber}{(p.Opcode == TftpOpcode.Data ? $" ({p.Payload.Length} bytes)" : string.Empty)}";
                break;
            case TftpOpcode.Error:
                m.ErrorCode = (int)p.ErrorCode;
                m.Summary = $"TFTP Error {(int)p.ErrorCode} {Encoding.UTF8.GetString(p.ErrorMessage)}";
                break;
            case TftpOpcode.OptionAck:
                m.TftpOptions = Options(p.Options);
                m.Summary = $"TFTP OptionAck {Format(m.TftpOptions)}";
                break;
            default:
                m.Summary = $"TFTP opcode {(int)p.Opcode}";
                break;
        }

        return m;
    }

    private static Dictionary<string, string> Options(TftpOptionEnumerator options)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (TftpOption o in options)
        {
            d[Encoding.ASCII.GetString(o.Name).ToLowerInvariant()] = Encoding.ASCII.GetString(o.Value);
        }

        return d;
    }

    private static string Format(IReadOnlyDictionary<string, string>? o) => o is null ? string.Empty : string.Join(' ', o.Select(kv => kv.Key + "=" + kv.Value));

    private IEnumerable<DecodedMessage> DecodeTcp(int frame, DateTime time, IPEndPoint src, IPEndPoint dst, TcpPacket tcp)
    {
        var key = (src.ToString(), dst.ToString());
        if (tcp.Synchronize)
        {
            _flows[key] = new TcpFlow { NextSequence = tcp.SequenceNumber + 1 };
            yield break;
        }

        byte[] payload = tcp.PayloadData ?? [];
        if (payload.Length == 0)
        {
            yield break;
        }

        if (!_flows.TryGetValue(key, out TcpFlow? flow))
        {
            // Capture started mid-connection: take this segment as the start.
            flow = new TcpFlow { NextSequence = tcp.SequenceNumber };
            _flows[key] = flow;
        }

        if (tcp.SequenceNumber != flow.NextSequence)
        {
            // A retransmission or a gap: skip it (a gap desynchronises the record marks until the next SYN).
            yield break;
        }

        flow.NextSequence += (uint)payload.Length;
        flow.Buffer.AddRange(payload);
        // RFC 5531 §11: each fragment has a 4-byte mark, the top bit flagging the last fragment of a record.
        while (flow.Buffer.Count >= 4)
        {
            uint mark = BinaryPrimitives.ReadUInt32BigEndian(flow.Buffer.GetRange(0, 4).ToArray());
            int length = (int)(mark & 0x7FFF_FFFF);
            if (length > 16 << 20)
            {
                flow.Buffer.Clear();
                yield break;
            }

            if (flow.Buffer.Count < 4 + length)
            {
                break;
            }

            flow.Record.AddRange(flow.Buffer.GetRange(4, length));
            flow.Buffer.RemoveRange(0, 4 + length);
            if ((mark & 0x8000_0000) != 0)
            {
                byte[] record = [.. flow.Record];
                flow.Record.Clear();
                if (DecodeRpc(frame, time, src, dst, record) is { } m)
                {
                    yield return m;
                }
            }
        }
    }

    private DecodedMessage? DecodeRpc(int frame, DateTime time, IPEndPoint src, IPEndPoint dst, byte[] message)
    {
        if (message.Length < 12)
        {
            return null;
        }

        uint xid = BinaryPrimitives.ReadUInt32BigEndian(message);
        uint type = BinaryPrimitives.ReadUInt32BigEndian(message.AsSpan(4));
        if (type == 0 && RpcCall.TryRead(message, out RpcCall call) == RpcCallStatus.Ok)
        {
            _calls[xid] = (call.Program, call.Version, call.Procedure);
            string name = RpcNames.Procedure(call.Program, call.Version, call.Procedure);
            return new DecodedMessage
            {
                Frame = frame,
                Time = time,
                Source = src.ToString(),
                Destination = dst.ToString(),
                Protocol = "rpc",
                RpcDirection = "call",
                Xid = "0x" + xid.ToString("x8", CultureInfo.InvariantCulture),
                Program = call.Program,
                Version = call.Version,
                Procedure = call.Procedure,
                ProcedureName = name,
                Summary = $"RPC call xid 0x{xid:x8} {RpcNames.Program(call.Program)} v{call.Version} {name}",
            };
        }

        if (type == 1 && _calls.TryGetValue(xid, out (uint Program, uint Version, uint Procedure) c))
        {
            uint state = BinaryPrimitives.ReadUInt32BigEndian(message.AsSpan(8));
            string name = RpcNames.Procedure(c.Program, c.Version, c.Procedure);
            return new DecodedMessage
            {
                Frame = frame,
                Time = time,
                Source = src.ToString(),
                Destination = dst.ToString(),
                Protocol = "rpc",
                RpcDirection = "reply",
                Xid = "0x" + xid.ToString("x8", CultureInfo.InvariantCulture),
                Program = c.Program,
                Version = c.Version,
                Procedure = c.Procedure,
                ProcedureName = name,
                ReplyState = state,
                Summary = $"RPC reply xid 0x{xid:x8} {RpcNames.Program(c.Program)} v{c.Version} {name} {(state == 0 ? "accepted" : "denied")}",
            };
        }

        return null;
    }

    private sealed class TcpFlow
    {
        public uint NextSequence { get; set; }

        public List<byte> Buffer { get; } = [];

        public List<byte> Record { get; } = [];
    }
}

/// <summary>Names of the RPC programs and procedures a network boot uses.</summary>
internal static class RpcNames
{
    private static readonly string[] Nfs3 = ["NULL", "GETATTR", "SETATTR", "LOOKUP", "ACCESS", "READLINK", "READ", "WRITE", "CREATE", "MKDIR", "SYMLINK", "MKNOD", "REMOVE", "RMDIR", "RENAME", "LINK", "READDIR", "READDIRPLUS", "FSSTAT", "FSINFO", "PATHCONF", "COMMIT"];
    private static readonly string[] Mount = ["NULL", "MNT", "DUMP", "UMNT", "UMNTALL", "EXPORT"];
    private static readonly string[] Portmap = ["NULL", "SET", "UNSET", "GETPORT", "DUMP", "CALLIT"];

    public static string Program(uint program) => program switch
    {
        100000 => "portmap",
        100003 => "nfs",
        100005 => "mount",
        100021 => "nlm",
        100227 => "nfs_acl",
        _ => program.ToString(CultureInfo.InvariantCulture),
    };

    public static string Procedure(uint program, uint version, uint procedure)
    {
        string[]? names = program switch
        {
            100003 when version == 3 => Nfs3,
            100005 => Mount,
            100000 => Portmap,
            _ => null,
        };
        return names is not null && procedure < names.Length ? names[procedure] : "proc" + procedure.ToString(CultureInfo.InvariantCulture);
    }
}
