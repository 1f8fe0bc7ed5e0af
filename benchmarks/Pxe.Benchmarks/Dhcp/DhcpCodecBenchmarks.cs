using BenchmarkDotNet.Attributes;
using Pxe.Dhcp;

namespace Pxe.Benchmarks.Dhcp;

/// <summary>Parse (validate + walk every option) and build (header + every option re-emitted) of DISCOVER/OFFER/REQUEST/ACK: 0 B.</summary>
[BenchmarkCategory("Dhcp.Codec")]
public class DhcpCodecBenchmarks
{
    private byte[] _message = [];
    private readonly byte[] _output = new byte[DhcpLimits.MaxReplyLength];

    /// <summary>The message.</summary>
    [ParamsAllValues]
    public DhcpMessageKind Kind { get; set; }

    /// <summary>Loads the message.</summary>
    [GlobalSetup]
    public void Setup() => _message = DhcpBenchmarkData.Get(Kind);

    /// <summary>Validation only (length, cookie, every option length, END).</summary>
    [Benchmark(Baseline = true)]
    public bool Validate() => DhcpPacket.TryCreate(_message, out _);

    /// <summary>Validation plus a walk of every option and the typed getters a server uses.</summary>
    [Benchmark]
    public int Parse()
    {
        DhcpPacket.TryCreate(_message, out DhcpPacket p);
        int sum = 0;
        foreach (DhcpOption o in p.Options)
        {
            sum += o.Value.Length;
        }

        p.TryGetOption(DhcpOptionCode.ClientSystemArchitecture, out _);
        return sum + p.ClientHardwareAddress.Length + (int)p.TransactionId;
    }

    /// <summary>Builds the same message again: header fields, then every option through <see cref="DhcpOptionWriter"/>.</summary>
    [Benchmark]
    public int Build()
    {
        DhcpPacket.TryCreate(_message, out DhcpPacket p);
        DhcpPacketWriter.TryCreate(_output, out DhcpPacketWriter w);
        w.Op = p.Op;
        w.CopyRequestFields(p);
        w.ClientAddress = p.ClientAddress;
        w.YourAddress = p.YourAddress;
        w.ServerAddress = p.ServerAddress;
        var o = new DhcpOptionWriter(w.OptionsArea);
        foreach (DhcpOption option in p.Options)
        {
            o.TryWrite(option.Code, option.Value);
        }

        o.TryWriteEnd();
        return w.Complete(o.BytesWritten);
    }
}
