using System.Net;
using Microsoft.Extensions.Time.Testing;
using Pxe.Testing;
using Pxe.Tftp.Tests.Server;

namespace Pxe.Tftp.Tests.Replay;

/// <summary>
/// Drives our server engine with the client side of captured transfers (the real client's RRQ and ACKs, as sent to
/// tftpd-hpa) and checks that it answers with exactly the DATA packets tftpd-hpa sent — no socket involved.
/// </summary>
[Trait("Category", "Pcap")]
public class TftpEngineReplayTests
{
    public static TheoryData<string> Captures() =>
    [
        "curl-default-hpa",
        "curl-no-options-hpa",
        "curl-blksize8-hpa",
        "curl-blksize512-hpa",
        "curl-blksize1468-hpa",
        "curl-blksize65464-hpa",
        "tftp-hpa-hpa",
        "atftp-tsize-hpa",
        // atftp-blksize1468-windowsize16-hpa is left out: tftpd-hpa refused windowsize, so the captured client ACKs
        // every block, while our engine grants windowsize 16 and (rightly, RFC 7440 §4) resends after each partial ACK.
    ];

    [Theory]
    [MemberData(nameof(Captures))]
    public void Engine_answers_the_captured_client_with_the_captured_data(string name)
    {
        List<PcapDatagram> datagrams = TftpPcapReplayTests.TftpDatagrams(name);
        PcapDatagram rrq = datagrams.First(d => d.Destination.Port == 69);
        IPEndPoint client = rrq.Source;
        var serverData = new List<byte[]>();
        var clientPackets = new List<byte[]>();
        var file = new MemoryStream();
        foreach (PcapDatagram d in datagrams.Where(d => d.Index > rrq.Index))
        {
            TftpPacket.TryCreate(d.Payload.Span, out TftpPacket p);
            if (d.Destination.Equals(client) && p.Opcode == TftpOpcode.Data)
            {
                serverData.Add(d.Payload.ToArray());
                file.Write(p.Payload);
            }
            else if (d.Source.Equals(client))
            {
                clientPackets.Add(d.Payload.ToArray());
            }
        }

        Assert.NotEmpty(serverData);
        var provider = new InMemoryTftpFileProvider();
        TftpRequest.TryCreate(rrq.Payload.Span, out TftpRequest request);
        provider.Set(System.Text.Encoding.ASCII.GetString(request.FileName), file.ToArray());
        var time = new FakeTimeProvider();
        using TftpSession session = TransferHarness.Start(rrq.Payload.ToArray(), provider, time, TransferHarness.Settings(maxBlock: TftpLimits.MaxBlockSize));
        var ours = new List<byte[]>();
        ours.AddRange(TransferHarness.Drain(session));
        foreach (byte[] packet in clientPackets)
        {
            session.Receive(packet);
            ours.AddRange(TransferHarness.Drain(session));
        }

        List<byte[]> ourData = ours.Where(p => p[1] == (byte)TftpOpcode.Data).ToList();
        Assert.Equal(TftpTransferOutcome.Completed, session.Outcome);
        Assert.Equal(serverData.Count, ourData.Count);
        for (int i = 0; i < serverData.Count; i++)
        {
            Assert.True(serverData[i].AsSpan().SequenceEqual(ourData[i]), $"{name}: DATA #{i} differs");
        }
    }

    [Fact]
    public void Ovmf_tsize_probe_replayed_into_the_engine_is_a_normal_outcome_and_gets_windowsize()
    {
        // OVMF (EDK2 UefiPxeBcDxe) asks tsize + blksize + windowsize 4, reads the OACK, then sends ERROR 8
        // "User aborted the transfer" and asks again (E2E-NOTES: the tsize probe).
        List<PcapDatagram> datagrams = TftpPcapReplayTests.TftpDatagrams("firmware-ovmf-pxe");
        PcapDatagram probe = datagrams.First(d => d.Destination.Port == 69);
        PcapDatagram abort = datagrams.First(d => d.Source.Equals(probe.Source) && d.Payload.Span[1] == (byte)TftpOpcode.Error);
        TftpRequest.TryCreate(probe.Payload.Span, out TftpRequest request);
        var provider = new InMemoryTftpFileProvider();
        provider.Set(System.Text.Encoding.ASCII.GetString(request.FileName), new byte[173_792]);
        using TftpSession session = TransferHarness.Start(probe.Payload.ToArray(), provider, new FakeTimeProvider());
        byte[] oack = Assert.Single(TransferHarness.Drain(session));
        Assert.True(TftpPacket.TryCreate(oack, out TftpPacket packet));
        Assert.Equal("OACK blksize=1468 tsize=173792 windowsize=4", packet.ToString());
        Assert.Equal(TftpSessionEvent.Finished, session.Receive(abort.Payload.Span));
        Assert.Equal(TftpTransferOutcome.AbortedAfterOptionAck, session.Outcome);
    }
}
