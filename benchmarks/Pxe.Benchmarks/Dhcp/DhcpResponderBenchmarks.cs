using BenchmarkDotNet.Attributes;
using Pxe.Dhcp;

namespace Pxe.Benchmarks.Dhcp;

/// <summary>The responder's request → reply path for a known client (DISCOVER → OFFER, REQUEST → ACK): 0 B.</summary>
[BenchmarkCategory("Dhcp.Responder")]
public class DhcpResponderBenchmarks
{
    private readonly byte[] _reply = new byte[DhcpLimits.MaxReplyLength];
    private DhcpResponder _responder = null!;
    private byte[] _discover = [];
    private byte[] _request = [];

    /// <summary>Binds one client so both paths run against an existing lease.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _responder = DhcpBenchmarkData.CreateResponder();
        _discover = DhcpBenchmarkData.Client(DhcpMessageType.Discover, default);
        DhcpResponse offer = _responder.Respond(_discover, DhcpBenchmarkData.Context, _reply);
        Ipv4Address yiaddr = DhcpPacket.Create(_reply.AsSpan(0, offer.Length)).YourAddress;
        _request = DhcpBenchmarkData.Client(DhcpMessageType.Request, yiaddr);
        _responder.Respond(_request, DhcpBenchmarkData.Context, _reply);
    }

    /// <summary>DISCOVER → OFFER with boot file (PXE BIOS client).</summary>
    [Benchmark(Baseline = true)]
    public int DiscoverToOffer() => _responder.Respond(_discover, DhcpBenchmarkData.Context, _reply).Length;

    /// <summary>REQUEST → ACK, lease committed (in-memory store).</summary>
    [Benchmark]
    public int RequestToAck() => _responder.Respond(_request, DhcpBenchmarkData.Context, _reply).Length;
}
