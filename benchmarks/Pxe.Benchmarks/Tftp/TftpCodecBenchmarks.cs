using BenchmarkDotNet.Attributes;
using Pxe.Tftp;

namespace Pxe.Benchmarks.Tftp;

/// <summary>DATA/ACK parse and emit, and request option enumeration: the per-packet codec work. Target: 0 B allocated.</summary>
[BenchmarkCategory("Tftp.Codec")]
public class TftpCodecBenchmarks
{
    private readonly byte[] _data = new byte[TftpLimits.HeaderLength + 1468];
    private readonly byte[] _payload = new byte[1468];
    private readonly byte[] _output = new byte[TftpLimits.HeaderLength + 1468];
    private readonly byte[] _ack = [0, 4, 0x12, 0x34];
    private byte[] _request = [];

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_payload);
        TftpPacketWriter.TryWriteData(_data, 42, _payload, out _);
        byte[] buffer = new byte[128];
        var w = new TftpPacketWriter(buffer);
        w.TryWriteRequest(TftpOpcode.ReadRequest, "undionly.kpxe"u8, "octet"u8);
        w.TryWriteOption("blksize"u8, 1432);
        w.TryWriteOption("tsize"u8, 0);
        w.TryWriteOption("windowsize"u8, 16);
        _request = w.WrittenSpan.ToArray();
    }

    [Benchmark(Baseline = true)]
    public int ParseData()
    {
        TftpPacket.TryCreate(_data, out TftpPacket p);
        return p.BlockNumber + p.Payload.Length;
    }

    [Benchmark]
    public int WriteData()
    {
        TftpPacketWriter.TryWriteData(_output, 42, _payload, out int n);
        return n;
    }

    [Benchmark]
    public int ParseAck()
    {
        TftpPacket.TryCreate(_ack, out TftpPacket p);
        return p.BlockNumber;
    }

    [Benchmark]
    public int WriteAck()
    {
        TftpPacketWriter.TryWriteAck(_output, 0x1234, out int n);
        return n;
    }

    [Benchmark]
    public long ParseRequestAndOptions()
    {
        TftpRequest.TryCreate(_request, out TftpRequest r);
        long sum = r.FileName.Length;
        foreach (TftpOption o in r.Options)
        {
            if (o.TryGetNumber(out long n))
            {
                sum += n;
            }
        }

        return sum;
    }
}
