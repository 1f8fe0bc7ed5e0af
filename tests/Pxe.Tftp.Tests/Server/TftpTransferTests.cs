using Microsoft.Extensions.Time.Testing;
using Pxe.Testing;
using static Pxe.Tftp.Tests.Server.TransferHarness;

namespace Pxe.Tftp.Tests.Server;

public class TftpTransferTests
{
    private readonly FakeTimeProvider _time = new();

    private static string Describe(byte[] packet)
    {
        TftpPacket.TryCreate(packet, out TftpPacket p);
        return p.Opcode switch
        {
            TftpOpcode.Data => $"DATA {p.BlockNumber} ({p.Payload.Length})",
            TftpOpcode.Ack => $"ACK {p.BlockNumber}",
            TftpOpcode.OptionAck => "OACK " + string.Join(",", Options(packet)),
            TftpOpcode.Error => $"ERROR {(int)p.ErrorCode}",
            _ => p.Opcode.ToString(),
        };
    }

    private static List<string> Options(byte[] packet)
    {
        TftpPacket.TryCreate(packet, out TftpPacket p);
        var list = new List<string>();
        foreach (TftpOption o in p.Options)
        {
            list.Add(o.ToString());
        }

        return list;
    }

    [Fact]
    public void Plain_rrq_sends_512_byte_blocks_and_a_final_short_one()
    {
        byte[] content = Content(1100);
        using TftpSession s = Start(Request(TftpOpcode.ReadRequest, "f"), Provider("f", content), _time);
        Assert.Equal(["DATA 1 (512)"], Drain(s).Select(Describe));
        Assert.Equal(TftpSessionEvent.Progress, s.Receive(Ack(1)));
        Assert.Equal(["DATA 2 (512)"], Drain(s).Select(Describe));
        s.Receive(Ack(2));
        Assert.Equal(["DATA 3 (76)"], Drain(s).Select(Describe));
        Assert.Equal(TftpSessionEvent.Finished, s.Receive(Ack(3)));
        Assert.Equal(TftpTransferOutcome.Completed, s.Outcome);
        Assert.Equal(1100, s.Bytes);
    }

    [Fact]
    public void A_file_that_is_an_exact_multiple_of_the_block_size_ends_with_an_empty_block()
    {
        using TftpSession s = Start(Request(TftpOpcode.ReadRequest, "f"), Provider("f", Content(1024)), _time);
        Drain(s);
        s.Receive(Ack(1));
        Drain(s);
        s.Receive(Ack(2));
        Assert.Equal(["DATA 3 (0)"], Drain(s).Select(Describe));
        s.Receive(Ack(3));
        Assert.Equal(TftpTransferOutcome.Completed, s.Outcome);
    }

    [Theory]
    [InlineData("100000", "1468")]    // clamped to the server maximum (RFC 2348: the server may answer lower)
    [InlineData("1024", "1024")]
    [InlineData("8", "8")]
    public void Blksize_is_negotiated_and_clamped(string asked, string granted)
    {
        using TftpSession s = Start(Request(TftpOpcode.ReadRequest, "f", "octet", ("blksize", asked), ("tsize", "0")), Provider("f", Content(5000)), _time);
        Assert.Equal([$"OACK blksize={granted},tsize=5000"], Drain(s).Select(Describe));
        s.Receive(Ack(0));
        Assert.Equal([$"DATA 1 ({granted})"], Drain(s).Select(Describe));
    }

    [Theory]
    [InlineData("7")]
    [InlineData("abc")]
    [InlineData("")]
    public void Invalid_blksize_is_ignored(string asked)
    {
        using TftpSession s = Start(Request(TftpOpcode.ReadRequest, "f", "octet", ("blksize", asked)), Provider("f", Content(600)), _time);
        Assert.Equal(["DATA 1 (512)"], Drain(s).Select(Describe));
    }

    [Fact]
    public void Option_names_are_case_insensitive_and_unknown_options_are_left_out()
    {
        using TftpSession s = Start(Request(TftpOpcode.ReadRequest, "f", "OCTET", ("BlkSize", "1024"), ("multicast", ""), ("TIMEOUT", "3"), ("WindowSize", "100")), Provider("f", Content(10)), _time);
        Assert.Equal(["OACK blksize=1024,timeout=3,windowsize=64"], Drain(s).Select(Describe));
        Assert.Equal(TimeSpan.FromSeconds(3), s.Timeout);
    }

    [Fact]
    public void Error_after_oack_is_the_tsize_probe_and_counts_as_normal()
    {
        using TftpSession s = Start(Request(TftpOpcode.ReadRequest, "f", "octet", ("tsize", "0")), Provider("f", Content(70000)), _time);
        Assert.Equal(["OACK tsize=70000"], Drain(s).Select(Describe));
        Assert.Equal(TftpSessionEvent.Finished, s.Receive(Error(TftpErrorCode.OptionNegotiationFailed, "TFTP Aborted")));
        Assert.Equal(TftpTransferOutcome.AbortedAfterOptionAck, s.Outcome);
    }

    [Fact]
    public void Error_during_data_is_a_peer_error()
    {
        using TftpSession s = Start(Request(TftpOpcode.ReadRequest, "f"), Provider("f", Content(5000)), _time);
        Drain(s);
        s.Receive(Error(TftpErrorCode.NotDefined, "bye"));
        Assert.Equal(TftpTransferOutcome.PeerError, s.Outcome);
    }

    [Fact]
    public void Duplicate_acks_never_cause_duplicate_sends()
    {
        // Sorcerer's Apprentice (RFC 1123 §4.2.3.1): the ACK for block 1 arrives twice.
        using TftpSession s = Start(Request(TftpOpcode.ReadRequest, "f"), Provider("f", Content(5000)), _time);
        Drain(s);
        s.Receive(Ack(1));
        Assert.Single(Drain(s));
        Assert.Equal(TftpSessionEvent.Duplicate, s.Receive(Ack(1)));
        Assert.Empty(Drain(s));
        Assert.Equal(TftpSessionEvent.Duplicate, s.Receive(Ack(60000))); // far outside the window
        Assert.Empty(Drain(s));
    }

    [Fact]
    public void Timeout_retransmits_then_gives_up_after_the_bounded_attempts()
    {
        using TftpSession s = Start(Request(TftpOpcode.ReadRequest, "f"), Provider("f", Content(5000)), _time, Settings(retries: 3));
        Drain(s);
        Assert.Equal(TftpSessionEvent.None, s.OnTimer());
        for (int i = 0; i < 3; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(TftpSessionEvent.Retransmit, s.OnTimer());
            Assert.Equal(["DATA 1 (512)"], Drain(s).Select(Describe));
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TftpSessionEvent.Finished, s.OnTimer());
        Assert.Equal(TftpTransferOutcome.TimedOut, s.Outcome);
        Assert.Equal(3, s.Retransmits);
        Assert.Empty(Drain(s));
    }

    [Fact]
    public void Windowsize_sends_a_window_and_recovers_from_the_first_unacked_block()
    {
        using TftpSession s = Start(Request(TftpOpcode.ReadRequest, "f", "octet", ("windowsize", "4")), Provider("f", Content(512 * 10)), _time);
        Drain(s);
        s.Receive(Ack(0));
        Assert.Equal(["DATA 1 (512)", "DATA 2 (512)", "DATA 3 (512)", "DATA 4 (512)"], Drain(s).Select(Describe));
        // Block 3 was lost: the client acknowledges 2 (RFC 7440 §4); the next window starts at 3.
        Assert.Equal(TftpSessionEvent.Progress, s.Receive(Ack(2)));
        Assert.Equal(["DATA 3 (512)", "DATA 4 (512)", "DATA 5 (512)", "DATA 6 (512)"], Drain(s).Select(Describe));
        Assert.Equal(2, s.Retransmits);
        s.Receive(Ack(6));
        Assert.Equal(["DATA 7 (512)", "DATA 8 (512)", "DATA 9 (512)", "DATA 10 (512)"], Drain(s).Select(Describe));
        s.Receive(Ack(10));
        Assert.Equal(["DATA 11 (0)"], Drain(s).Select(Describe));
        s.Receive(Ack(11));
        Assert.Equal(TftpTransferOutcome.Completed, s.Outcome);
    }

    [Fact]
    public void With_a_window_an_ack_for_the_block_before_it_resends_the_window_once()
    {
        using TftpSession s = Start(Request(TftpOpcode.ReadRequest, "f", "octet", ("windowsize", "4")), Provider("f", Content(512 * 10)), _time);
        Drain(s);
        s.Receive(Ack(0));
        Assert.Equal(["DATA 1 (512)", "DATA 2 (512)", "DATA 3 (512)", "DATA 4 (512)"], Drain(s).Select(Describe));
        Assert.Equal(TftpSessionEvent.Progress, s.Receive(Ack(2)));
        Assert.Equal(["DATA 3 (512)", "DATA 4 (512)", "DATA 5 (512)", "DATA 6 (512)"], Drain(s).Select(Describe));

        // Block 3 was lost again: the receiver repeats ACK 2 (RFC 7440 §4). The window goes out at once, not after the timeout...
        Assert.Equal(TftpSessionEvent.Retransmit, s.Receive(Ack(2)));
        Assert.Equal(["DATA 3 (512)", "DATA 4 (512)", "DATA 5 (512)", "DATA 6 (512)"], Drain(s).Select(Describe));

        // ...but only once: more copies of that ACK send nothing (Sorcerer's Apprentice).
        Assert.Equal(TftpSessionEvent.Duplicate, s.Receive(Ack(2)));
        Assert.Equal(TftpSessionEvent.Duplicate, s.Receive(Ack(2)));
        Assert.Empty(Drain(s));
        Assert.Equal(TftpSessionEvent.Progress, s.Receive(Ack(6)));
        Assert.Equal(["DATA 7 (512)", "DATA 8 (512)", "DATA 9 (512)", "DATA 10 (512)"], Drain(s).Select(Describe));
    }

    [Fact]
    public void While_a_window_waits_for_its_ack_the_first_block_of_the_next_window_is_prefetched()
    {
        var file = new PrefetchRecordingFile(Content(512 * 5 + 10));
        using TftpSession s = Start(Request(TftpOpcode.ReadRequest, "f", "octet", ("windowsize", "2")), new SingleFileProvider(file), _time);
        Drain(s);
        s.PrepareAhead(); // waiting for ACK 0 of the OACK: no data block is next
        s.Receive(Ack(0));
        Assert.Equal(["DATA 1 (512)", "DATA 2 (512)"], Drain(s).Select(Describe));
        s.PrepareAhead();
        s.Receive(Ack(2));
        Assert.Equal(["DATA 3 (512)", "DATA 4 (512)"], Drain(s).Select(Describe));
        s.PrepareAhead();
        s.Receive(Ack(4));
        Assert.Equal(["DATA 5 (512)", "DATA 6 (10)"], Drain(s).Select(Describe));
        s.PrepareAhead(); // the last block is out: nothing left to fetch
        s.Receive(Ack(6));
        Assert.Equal(TftpTransferOutcome.Completed, s.Outcome);
        Assert.Equal([(1024L, 512), (2048L, 512)], file.Prefetches);
    }

    [Fact]
    public void Block_numbers_wrap_past_65535_to_0()
    {
        const int blocks = 65540;
        byte[] content = Content((blocks * 8) - 3);
        using TftpSession s = Start(Request(TftpOpcode.ReadRequest, "f", "octet", ("blksize", "8"), ("windowsize", "64")), Provider("f", content), _time);
        var received = new MemoryStream();
        var wire = new List<ushort>();
        byte[] buffer = new byte[64];
        s.TryWriteNext(buffer, out _);
        s.Receive(Ack(0));
        while (!s.IsFinished)
        {
            ushort last = 0;
            while (s.TryWriteNext(buffer, out int n))
            {
                TftpPacket.TryCreate(buffer.AsSpan(0, n), out TftpPacket p);
                received.Write(p.Payload);
                last = p.BlockNumber;
                if (wire.Count < 70000)
                {
                    wire.Add(last);
                }
            }

            s.Receive(Ack(last));
        }

        Assert.Equal(TftpTransferOutcome.Completed, s.Outcome);
        Assert.Equal(content, received.ToArray());
        Assert.Equal(65535, wire[65534]);
        Assert.Equal(0, wire[65535]);
        Assert.Equal(1, wire[65536]);
    }

    [Fact]
    public void Netascii_read_converts_line_endings()
    {
        using TftpSession s = Start(Request(TftpOpcode.ReadRequest, "f", "netascii"), Provider("f", "a\nb\rc"u8.ToArray()), _time);
        byte[] packet = Drain(s).Single();
        TftpPacket.TryCreate(packet, out TftpPacket p);
        Assert.Equal("a\r\nb\r\0c"u8.ToArray(), p.Payload.ToArray());
    }

    [Fact]
    public async Task Unknown_modes_and_missing_files_and_writes_are_refused()
    {
        var provider = Provider("f", Content(10));
        TftpTransferStart mail = await TftpRequestHandler.StartAsync(Request(TftpOpcode.ReadRequest, "f", "mail"), Client, null, Settings(), provider, _time, default);
        Assert.Null(mail.Session);
        Assert.Equal(TftpErrorCode.IllegalOperation, mail.ErrorCode);
        TftpTransferStart missing = await TftpRequestHandler.StartAsync(Request(TftpOpcode.ReadRequest, "g"), Client, null, Settings(), provider, _time, default);
        Assert.Equal(TftpErrorCode.FileNotFound, missing.ErrorCode);
        TftpTransferStart write = await TftpRequestHandler.StartAsync(Request(TftpOpcode.WriteRequest, "w"), Client, null, Settings(), provider, _time, default);
        Assert.Null(write.Session);
        Assert.Equal(TftpErrorCode.AccessViolation, write.ErrorCode);
    }

    [Fact]
    public void Wrq_when_enabled_receives_acknowledges_and_commits()
    {
        var provider = new InMemoryTftpFileProvider { AllowWrite = true };
        using TftpSession s = Start(Request(TftpOpcode.WriteRequest, "up", "octet", ("blksize", "16"), ("tsize", "20")), provider, _time, Settings(allowWrite: true));
        Assert.Equal(["OACK blksize=16,tsize=20"], Drain(s).Select(Describe));
        byte[] content = Content(20);
        s.Receive(Data(1, content.AsSpan(0, 16)));
        Assert.Equal(["ACK 1"], Drain(s).Select(Describe));
        s.Receive(Data(1, content.AsSpan(0, 16))); // duplicate: re-acknowledged once
        Assert.Equal(["ACK 1"], Drain(s).Select(Describe));
        s.Receive(Data(2, content.AsSpan(16)));
        Assert.Equal(["ACK 2"], Drain(s).Select(Describe));
        Assert.Equal(TftpTransferOutcome.Completed, s.Outcome);
        Assert.True(provider.TryGet("up", out ReadOnlyMemory<byte> stored));
        Assert.Equal(content, stored.ToArray());
    }

    [Fact]
    public void Wrq_over_the_size_limit_fails_with_disk_full()
    {
        var provider = new InMemoryTftpFileProvider { AllowWrite = true, MaxWriteSize = 10 };
        using TftpSession s = Start(Request(TftpOpcode.WriteRequest, "up", "octet", ("blksize", "8")), provider, _time, Settings(allowWrite: true));
        Drain(s);
        s.Receive(Data(1, Content(8)));
        s.Receive(Data(2, Content(8)));
        Assert.Equal(TftpTransferOutcome.LocalError, s.Outcome);
        Assert.Equal(TftpErrorCode.DiskFull, s.ErrorToSend);
        Assert.False(provider.TryGet("up", out _));
    }

    [Fact]
    public void Garbage_and_wrong_opcodes_during_a_transfer_are_dropped()
    {
        using TftpSession s = Start(Request(TftpOpcode.ReadRequest, "f"), Provider("f", Content(5000)), _time);
        Drain(s);
        Assert.Equal(TftpSessionEvent.Dropped, s.Receive([1, 2, 3]));
        Assert.Equal(TftpSessionEvent.Dropped, s.Receive(Data(1, [1])));
        Assert.Equal(TftpSessionEvent.Dropped, s.Receive(Request(TftpOpcode.ReadRequest, "f")));
        Assert.Equal(3, s.Dropped);
        Assert.Equal(TftpTransferOutcome.Running, s.Outcome);
    }

    [Fact]
    public void The_transfer_step_allocates_nothing()
    {
        byte[] content = Content(1468 * 2000);
        using TftpSession s = Start(Request(TftpOpcode.ReadRequest, "f", "octet", ("blksize", "1468")), Provider("f", content), _time);
        byte[] buffer = new byte[1472];
        byte[] ack = new byte[4];
        s.TryWriteNext(buffer, out _);
        s.Receive(Ack(0));
        AllocationAssert.NoAllocations(() =>
        {
            s.TryWriteNext(buffer, out _);
            TftpPacket.TryCreate(buffer, out TftpPacket p);
            TftpPacketWriter.TryWriteAck(ack, p.BlockNumber, out _);
            s.Receive(ack);
        }, 1000);
        Assert.Equal(TftpTransferOutcome.Running, s.Outcome);
    }

    private sealed class PrefetchRecordingFile(byte[] content) : ITftpReadableFile
    {
        public List<(long Offset, int Count)> Prefetches { get; } = [];

        public long Length => content.Length;

        public int Read(long offset, Span<byte> destination)
        {
            int n = (int)Math.Max(0, Math.Min(destination.Length, content.Length - offset));
            content.AsSpan((int)offset, n).CopyTo(destination);
            return n;
        }

        public void Prefetch(long offset, int count) => Prefetches.Add((offset, count));

        public void Dispose()
        {
        }
    }

    private sealed class SingleFileProvider(ITftpReadableFile file) : ITftpFileProvider
    {
        public ValueTask<TftpOpenResult<ITftpReadableFile>> OpenReadAsync(TftpRequestContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(TftpOpenResult<ITftpReadableFile>.Success(file));
    }
}
