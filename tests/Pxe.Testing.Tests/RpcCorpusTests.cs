using System.Buffers.Binary;

namespace Pxe.Testing.Tests;

/// <summary>Facts every ONC-RPC capture of the corpus must show (tests/Pxe.Nfs.Tests/TestData).</summary>
[Trait("Category", "Pcap")]
public class RpcCorpusTests
{
    private const uint Call = 0;
    private const uint Reply = 1;
    private const uint LastFragment = 0x8000_0000;
    private const uint Portmapper = 100000;
    private const uint Nfs = 100003;
    private const uint Mount = 100005;
    private const uint NfsAcl = 100227;

    public static TheoryData<string> Captures => Corpus.Data("Nfs");

    [Theory]
    [MemberData(nameof(Captures))]
    public void Tcp_streams_tile_into_record_marked_rpc_messages(string name)
    {
        IReadOnlyList<PcapTcpStream> streams = PcapReplay.ReadTcpStreams(Corpus.PathOf("Nfs", name));
        List<RpcMessage> messages = Messages(name);

        Assert.NotEmpty(streams);
        Assert.All(streams, s => Assert.Equal(0, s.MissingBytes));
        Assert.All(streams, s => Assert.True(s.SawSyn, $"{s}: the capture must start before the connection"));
        Assert.Contains(messages, m => m.Type == Call);
        Assert.Contains(messages, m => m.Type == Reply);

        // Every reply answers a call with the same xid, on the same connection in the opposite direction.
        var calls = messages.Where(m => m.Type == Call).ToList();
        foreach (RpcMessage reply in messages.Where(m => m.Type == Reply))
        {
            Assert.Contains(calls, c => c.Xid == reply.Xid && c.Connection == reply.Connection);
            Assert.InRange(BinaryPrimitives.ReadUInt32BigEndian(reply.Body.AsSpan(8)), 0u, 1u); // MSG_ACCEPTED / MSG_DENIED
        }

        // Every call is RPC version 2 to the portmapper, NFS or MOUNT (the kernel also probes NFS_ACL, which
        // ganesha does not offer).
        foreach (RpcMessage call in calls)
        {
            Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(call.Body.AsSpan(8)));
            Assert.Contains(call.Program, new[] { Portmapper, Nfs, Mount, NfsAcl });
        }
    }

    [Theory]
    [InlineData("rpcinfo-dump.pcap", Portmapper, 2u, 4u)] // PMAPPROC_DUMP
    [InlineData("rpcinfo-null-calls.pcap", Nfs, 3u, 0u)] // NULL
    [InlineData("showmount-exports.pcap", Mount, 3u, 5u)] // MOUNTPROC3_EXPORT
    [InlineData("libnfs-ls-recursive.pcap", Nfs, 3u, 17u)] // READDIRPLUS
    [InlineData("libnfs-cat.pcap", Nfs, 3u, 6u)] // READ
    [InlineData("libnfs-cp-read.pcap", Nfs, 3u, 6u)] // READ
    [InlineData("libnfs-cp-write.pcap", Nfs, 3u, 7u)] // WRITE
    [InlineData("kernel-nfs-client.pcap", Mount, 3u, 1u)] // MNT
    [InlineData("kernel-nfs-client.pcap", Nfs, 3u, 6u)] // READ
    [InlineData("kernel-nfs-client.pcap", Portmapper, 2u, 3u)] // GETPORT
    [InlineData("kernel-nfs-client.pcap", Nfs, 3u, 7u)] // WRITE of from-kernel.txt
    public void Capture_holds_the_expected_procedure(string name, uint program, uint version, uint procedure)
    {
        Assert.Contains(Messages(name), m => m.Type == Call && m.Program == program && m.Version == version && m.Procedure == procedure);
    }

    [Fact]
    public void Udp_rpc_datagrams_carry_calls_and_replies()
    {
        var udp = PcapReplay.ReadUdp(Corpus.PathOf("Nfs", "rpcinfo-null-calls.pcap")).ToList();
        var calls = udp.Where(d => d.Payload.Length >= 24 && BinaryPrimitives.ReadUInt32BigEndian(d.Payload.Span[4..]) == Call).ToList();
        var replies = udp.Where(d => d.Payload.Length >= 24 && BinaryPrimitives.ReadUInt32BigEndian(d.Payload.Span[4..]) == Reply).ToList();
        Assert.Contains(calls, c => BinaryPrimitives.ReadUInt32BigEndian(c.Payload.Span[12..]) == Mount);
        Assert.All(replies, r => Assert.Contains(calls, c => c.Payload.Span[..4].SequenceEqual(r.Payload.Span[..4])));
        Assert.NotEmpty(replies);
    }

    [Fact]
    public void Read_replies_reassemble_to_the_exported_file()
    {
        // libnfs nfs-cp of data.bin (65,536 fixed bytes): put every READ reply's data at the offset its call asked for.
        List<RpcMessage> messages = Messages("libnfs-cp-read.pcap");
        var offsets = new Dictionary<uint, ulong>();
        foreach (RpcMessage call in messages.Where(m => m.Type == Call && m.Program == Nfs && m.Procedure == 6))
        {
            int p = ArgumentsOffset(call.Body);
            int fhLength = (int)BinaryPrimitives.ReadUInt32BigEndian(call.Body.AsSpan(p));
            p += 4 + ((fhLength + 3) & ~3);
            offsets[call.Xid] = BinaryPrimitives.ReadUInt64BigEndian(call.Body.AsSpan(p));
        }

        Assert.NotEmpty(offsets);
        var file = new byte[65536];
        int total = 0;
        foreach (RpcMessage reply in messages.Where(m => m.Type == Reply && offsets.ContainsKey(m.Xid)))
        {
            byte[] b = reply.Body;
            int verifierLength = (int)BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(16));
            int p = 20 + ((verifierLength + 3) & ~3);
            Assert.Equal(0u, BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(p))); // accept_stat SUCCESS
            Assert.Equal(0u, BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(p + 4))); // NFS3_OK
            p += 8;
            if (BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(p)) == 1)
            {
                p += 4 + 84; // post_op_attr with fattr3
            }
            else
            {
                p += 4;
            }

            p += 8; // count, eof
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(p));
            b.AsSpan(p + 4, length).CopyTo(file.AsSpan((int)offsets[reply.Xid]));
            total += length;
        }

        Assert.Equal(65536, total);
        Assert.Equal(Corpus.FixedBytes(65536), file);
    }

    /// <summary>A whole RPC message rebuilt from its record-marking fragments.</summary>
    private sealed record RpcMessage(int Connection, uint Xid, uint Type, uint Program, uint Version, uint Procedure, byte[] Body);

    private static int ArgumentsOffset(byte[] call)
    {
        // xid, type, rpcvers, prog, vers, proc, cred (flavor, length, body), verf (flavor, length, body).
        int p = 24;
        for (int i = 0; i < 2; i++)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(call.AsSpan(p + 4));
            p += 8 + ((length + 3) & ~3);
        }

        return p;
    }

    /// <summary>
    /// Splits every TCP stream of a capture into RPC messages (RFC 5531 §11 record marking), asserting that the
    /// stream is exactly a sequence of fragments and that each message starts with an xid and the msg_type its
    /// direction implies (calls from the side that opened the connection, replies from the other).
    /// </summary>
    private static List<RpcMessage> Messages(string name)
    {
        var result = new List<RpcMessage>();
        IReadOnlyList<PcapTcpStream> streams = PcapReplay.ReadTcpStreams(Corpus.PathOf("Nfs", name));
        var clientSide = new HashSet<int>();
        foreach (PcapTcpStream stream in streams)
        {
            bool fromClient = clientSide.Add(stream.Connection); // ReadTcpStreams lists the opener first
            ReadOnlySpan<byte> data = stream.Data.Span;
            int offset = 0;
            using var record = new MemoryStream();
            while (offset < data.Length)
            {
                Assert.True(offset + 4 <= data.Length, $"{stream}: {data.Length - offset} bytes left, too few for a record mark");
                uint mark = BinaryPrimitives.ReadUInt32BigEndian(data[offset..]);
                int length = (int)(mark & ~LastFragment);
                Assert.True(offset + 4 + length <= data.Length, $"{stream}: fragment at {offset} of {length} bytes runs past the end ({data.Length})");
                record.Write(data.Slice(offset + 4, length));
                offset += 4 + length;
                if ((mark & LastFragment) == 0)
                {
                    continue;
                }

                byte[] body = record.ToArray();
                record.SetLength(0);
                Assert.True(body.Length >= 12, $"{stream}: record of {body.Length} bytes");
                uint type = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(4));
                Assert.Equal(fromClient ? Call : Reply, type);
                uint program = 0, version = 0, procedure = 0;
                if (type == Call)
                {
                    Assert.True(body.Length >= 40, $"{stream}: call of {body.Length} bytes");
                    program = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(12));
                    version = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16));
                    procedure = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(20));
                }

                result.Add(new RpcMessage(stream.Connection, BinaryPrimitives.ReadUInt32BigEndian(body), type, program, version, procedure, body));
            }

            Assert.Equal(data.Length, offset);
            Assert.Equal(0, record.Length); // no unfinished record at the end of the stream
        }

        return result;
    }
}
