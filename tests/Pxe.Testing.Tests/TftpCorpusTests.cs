using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Pxe.Testing.Tests;

/// <summary>Facts every TFTP capture of the corpus must show (tests/Pxe.Tftp.Tests/TestData).</summary>
[Trait("Category", "Pcap")]
public class TftpCorpusTests
{
    private const ushort Rrq = 1;
    private const ushort Data = 3;
    private const ushort Ack = 4;
    private const ushort Error = 5;
    private const ushort Oack = 6;

    public static TheoryData<string> Captures => Corpus.Data("Tftp");

    [Theory]
    [MemberData(nameof(Captures))]
    public void Capture_starts_with_a_read_request_and_holds_complete_transfers(string name)
    {
        IReadOnlyList<PcapDatagram> datagrams = PcapReplay.ReadUdp(Corpus.PathOf("Tftp", name));
        Assert.NotEmpty(datagrams);
        Assert.Equal(69, datagrams[0].Destination.Port);
        Assert.Equal(Rrq, Opcode(datagrams[0]));

        List<Transfer> transfers = Transfers(datagrams);
        if (name.Contains("not-found", StringComparison.Ordinal))
        {
            Transfer t = Assert.Single(transfers);
            Assert.Equal(Error, t.FirstReply);
            Assert.Equal(1, t.ErrorCode); // RFC 1350: 1 = file not found
            return;
        }

        Assert.Contains(transfers, t => t.Complete);
        foreach (Transfer t in transfers.Where(t => t.Complete))
        {
            if (t.TransferSize is long tsize)
            {
                Assert.Equal(tsize, t.Content.Length);
            }

            if (t.File == "medium.bin")
            {
                Assert.Equal(Corpus.FixedBytes(65536), t.Content);
            }
            else if (t.File == "small.txt")
            {
                Assert.Equal(Corpus.SmallText(), t.Content);
            }
        }
    }

    [Theory]
    [InlineData("curl-blksize8-hpa.pcap", 8, 126)]
    [InlineData("curl-blksize8-dnsmasq.pcap", 8, 126)]
    [InlineData("curl-blksize512-hpa.pcap", 512, 129)]
    [InlineData("curl-blksize1468-hpa.pcap", 1468, 45)]
    [InlineData("curl-blksize1468-dnsmasq.pcap", 1468, 45)]
    [InlineData("curl-blksize65464-hpa.pcap", 65464, 2)]
    [InlineData("curl-no-options-hpa.pcap", 512, 129)]
    [InlineData("tftp-hpa-hpa.pcap", 512, 129)]
    [InlineData("atftp-tsize-hpa.pcap", 512, 129)]
    public void Block_size_and_block_count_follow_the_negotiation(string name, int blockSize, int blocks)
    {
        Transfer t = Assert.Single(Transfers(PcapReplay.ReadUdp(Corpus.PathOf("Tftp", name))), t => t.Complete);
        Assert.Equal(blockSize, t.BlockSize);
        Assert.Equal(blocks, t.Blocks);
    }

    [Fact]
    public void No_options_request_carries_no_options_and_gets_plain_data()
    {
        PcapDatagram rrq = PcapReplay.ReadUdp(Corpus.PathOf("Tftp", "curl-no-options-hpa.pcap"))[0];
        string[] fields = Encoding.ASCII.GetString(rrq.Payload.Span[2..]).TrimEnd('\0').Split('\0');
        Assert.Equal(["medium.bin", "octet"], fields);
        Transfer t = Transfers(PcapReplay.ReadUdp(Corpus.PathOf("Tftp", "curl-no-options-hpa.pcap"))).Single();
        Assert.Equal(Data, t.FirstReply);
    }

    [Theory]
    [InlineData("atftp-blksize1468-windowsize16-hpa.pcap")]
    [InlineData("atftp-blksize1468-windowsize16-dnsmasq.pcap")]
    public void Windowsize_request_is_answered_without_windowsize(string name)
    {
        Transfer t = Transfers(PcapReplay.ReadUdp(Corpus.PathOf("Tftp", name))).Single();
        Assert.Equal("16", t.RequestOptions["windowsize"]);
        Assert.Equal(Oack, t.FirstReply);
        Assert.DoesNotContain("windowsize", t.ReplyOptions.Keys);
        Assert.Equal("1468", t.ReplyOptions["blksize"]);
    }

    [Fact]
    public void Ovmf_probes_the_size_then_aborts_and_asks_again()
    {
        List<Transfer> transfers = Transfers(PcapReplay.ReadUdp(Corpus.PathOf("Tftp", "firmware-ovmf-pxe.pcap")));
        Transfer probe = transfers[0];
        Assert.Equal("snponly.efi", probe.File);
        Assert.Equal("0", probe.RequestOptions["tsize"]);
        Assert.Equal(Oack, probe.FirstReply);
        Assert.True(probe.ClientAborted);
        Assert.False(probe.Complete);
        Transfer real = transfers[1];
        Assert.Equal("snponly.efi", real.File);
        Assert.True(real.Complete);
        Assert.Equal(long.Parse(probe.ReplyOptions["tsize"], System.Globalization.CultureInfo.InvariantCulture), real.Content.Length);
    }

    [Theory]
    [InlineData("curl-blksize1468-hpa-any-sll2.pcap", 276)]
    [InlineData("curl-blksize1468-hpa-any-sll.pcap", 113)]
    public void Linux_cooked_captures_replay_like_ethernet_ones(string name, int linkType)
    {
        string path = Corpus.PathOf("Tftp", name);
        Assert.All(PcapReplay.ReadFrames(path), f => Assert.Equal(linkType, f.LinkType));
        Transfer t = Assert.Single(Transfers(PcapReplay.ReadUdp(path)), t => t.Complete);
        Assert.Equal(Corpus.FixedBytes(65536), t.Content);
        Assert.Equal(1468, t.BlockSize);
    }

    private static ushort Opcode(PcapDatagram d) => d.Payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(d.Payload.Span) : (ushort)0;

    private static Dictionary<string, string> Options(ReadOnlySpan<byte> fields)
    {
        string[] parts = Encoding.ASCII.GetString(fields).TrimEnd('\0').Split('\0');
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i + 1 < parts.Length; i += 2)
        {
            result[parts[i]] = parts[i + 1];
        }

        return result;
    }

    /// <summary>Splits a capture into transfers: one per distinct RRQ (client endpoint), with the server's answers.</summary>
    private static List<Transfer> Transfers(IReadOnlyList<PcapDatagram> datagrams)
    {
        var result = new List<Transfer>();
        var seen = new HashSet<IPEndPoint>();
        for (int i = 0; i < datagrams.Count; i++)
        {
            PcapDatagram rrq = datagrams[i];
            if (rrq.Destination.Port != 69 || Opcode(rrq) != Rrq || !seen.Add(rrq.Source))
            {
                continue; // not a request, or the same request seen twice (retransmitted, or captured on two interfaces)
            }

            string[] fields = Encoding.ASCII.GetString(rrq.Payload.Span[2..]).Split('\0');
            var t = new Transfer { File = fields[0], RequestOptions = Options(rrq.Payload.Span[(2 + fields[0].Length + 1 + fields[1].Length + 1)..]) };
            IPEndPoint client = rrq.Source;
            IPEndPoint? serverTid = null;
            int lastBlock = 0;
            using var content = new MemoryStream();
            for (int j = i + 1; j < datagrams.Count; j++)
            {
                PcapDatagram d = datagrams[j];
                if (d.Source.Equals(client) && serverTid is not null && d.Destination.Equals(serverTid) && Opcode(d) == Error)
                {
                    t.ClientAborted = true;
                    break;
                }

                if (!d.Destination.Equals(client) || !d.Source.Address.Equals(rrq.Destination.Address))
                {
                    continue;
                }

                serverTid ??= d.Source;
                if (!d.Source.Equals(serverTid))
                {
                    continue;
                }

                ushort op = Opcode(d);
                t.FirstReply ??= op;
                if (op == Oack)
                {
                    t.ReplyOptions = Options(d.Payload.Span[2..]);
                    if (t.ReplyOptions.TryGetValue("blksize", out string? b))
                    {
                        t.BlockSize = int.Parse(b, System.Globalization.CultureInfo.InvariantCulture);
                    }

                    if (t.ReplyOptions.TryGetValue("tsize", out string? s))
                    {
                        t.TransferSize = long.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
                    }
                }
                else if (op == Error)
                {
                    t.ErrorCode = BinaryPrimitives.ReadUInt16BigEndian(d.Payload.Span[2..]);
                    break;
                }
                else if (op == Data)
                {
                    int block = BinaryPrimitives.ReadUInt16BigEndian(d.Payload.Span[2..]);
                    int length = d.Payload.Length - 4;
                    if (block == lastBlock)
                    {
                        continue; // retransmission or the same frame seen on a second interface
                    }

                    Assert.Equal(lastBlock + 1, block);
                    Assert.True(length <= t.BlockSize, $"block {block} has {length} bytes, more than blksize {t.BlockSize}");
                    lastBlock = block;
                    content.Write(d.Payload.Span[4..]);
                    if (length < t.BlockSize)
                    {
                        t.Complete = true;
                        break;
                    }
                }
            }

            // Every DATA block the server sent was acknowledged by the client.
            if (t.Complete)
            {
                Assert.Contains(datagrams, d => d.Source.Equals(client) && Opcode(d) == Ack && BinaryPrimitives.ReadUInt16BigEndian(d.Payload.Span[2..]) == lastBlock);
            }

            t.Blocks = lastBlock;
            t.Content = content.ToArray();
            result.Add(t);
        }

        return result;
    }

    private sealed class Transfer
    {
        public string File { get; init; } = "";

        public Dictionary<string, string> RequestOptions { get; init; } = [];

        public Dictionary<string, string> ReplyOptions { get; set; } = [];

        public ushort? FirstReply { get; set; }

        public int BlockSize { get; set; } = 512;

        public long? TransferSize { get; set; }

        public int? ErrorCode { get; set; }

        public bool ClientAborted { get; set; }

        public bool Complete { get; set; }

        public int Blocks { get; set; }

        public byte[] Content { get; set; } = [];
    }
}
