using System.Buffers.Binary;
using Pxe.Testing;
using Pxe.Tftp;

namespace Pxe.Tftp.Tests.Wire;

public class TftpPacketTests
{
    // curl 8.x RRQ with options, as captured on the wire.
    private static ReadOnlySpan<byte> ReadRequest =>
    [
        0x00, 0x01,                                             // opcode RRQ
        (byte)'b', (byte)'o', (byte)'o', (byte)'t', (byte)'.', (byte)'i', (byte)'p', (byte)'x', (byte)'e', 0x00, // file name
        (byte)'O', (byte)'c', (byte)'T', (byte)'e', (byte)'t', 0x00, // mode, mixed case (RFC 1350 §5)
        (byte)'B', (byte)'L', (byte)'K', (byte)'S', (byte)'I', (byte)'Z', (byte)'E', 0x00, (byte)'1', (byte)'4', (byte)'6', (byte)'8', 0x00, // blksize 1468
        (byte)'t', (byte)'s', (byte)'i', (byte)'z', (byte)'e', 0x00, (byte)'0', 0x00, // tsize 0
    ];

    private static ReadOnlySpan<byte> Data =>
    [
        0x00, 0x03,             // opcode DATA
        0xFF, 0xFF,             // block 65535
        0x01, 0x02, 0x03,       // payload
    ];

    private static ReadOnlySpan<byte> Ack =>
    [
        0x00, 0x04,             // opcode ACK
        0x00, 0x00,             // block 0 (acknowledges an OACK)
    ];

    private static ReadOnlySpan<byte> Error =>
    [
        0x00, 0x05,             // opcode ERROR
        0x00, 0x01,             // file not found
        (byte)'n', (byte)'o', (byte)'p', (byte)'e', 0x00, // message
    ];

    private static ReadOnlySpan<byte> OptionAck =>
    [
        0x00, 0x06,             // opcode OACK
        (byte)'b', (byte)'l', (byte)'k', (byte)'s', (byte)'i', (byte)'z', (byte)'e', 0x00, (byte)'5', (byte)'1', (byte)'2', 0x00,
        (byte)'w', (byte)'i', (byte)'n', (byte)'d', (byte)'o', (byte)'w', (byte)'s', (byte)'i', (byte)'z', (byte)'e', 0x00, (byte)'1', (byte)'6', 0x00,
    ];

    [Fact]
    public void Request_deconstructs()
    {
        Assert.True(TftpRequest.TryCreate(ReadRequest, out TftpRequest r));
        Assert.Equal(TftpOpcode.ReadRequest, r.Opcode);
        Assert.Equal("boot.ipxe"u8, r.FileName);
        Assert.Equal("OcTet"u8, r.Mode);
        Assert.Equal(TftpTransferMode.Octet, r.TransferMode);
        var seen = new List<string>();
        foreach (TftpOption o in r.Options)
        {
            seen.Add(o.ToString());
        }

        Assert.Equal(["BLKSIZE=1468", "tsize=0"], seen);
        TftpOptionEnumerator e = r.Options;
        Assert.True(e.MoveNext());
        Assert.True(e.Current.NameEquals("blksize"u8));
        Assert.True(e.Current.TryGetNumber(out long n));
        Assert.Equal(1468, n);
    }

    [Fact]
    public void Request_constructs_byte_identical()
    {
        Span<byte> buffer = stackalloc byte[128];
        buffer.Fill(0xA5);
        var w = new TftpPacketWriter(buffer);
        Assert.True(w.TryWriteRequest(TftpOpcode.ReadRequest, "boot.ipxe"u8, "OcTet"u8));
        Assert.True(w.TryWriteOption("BLKSIZE"u8, 1468));
        Assert.True(w.TryWriteOption("tsize"u8, "0"u8));
        Assert.Equal(ReadRequest.ToArray(), w.WrittenSpan.ToArray());
        Assert.Equal(0xA5, buffer[w.BytesWritten]);
    }

    [Fact]
    public void Data_deconstructs_and_emits()
    {
        Assert.True(TftpPacket.TryCreate(Data, out TftpPacket p));
        Assert.Equal(TftpOpcode.Data, p.Opcode);
        Assert.Equal(65535, p.BlockNumber);
        Assert.Equal(new byte[] { 1, 2, 3 }, p.Payload.ToArray());
        Span<byte> buffer = stackalloc byte[16];
        buffer.Fill(0xA5);
        Assert.True(TftpPacketWriter.TryWriteData(buffer, 65535, [1, 2, 3], out int n));
        Assert.Equal(Data.ToArray(), buffer[..n].ToArray());
        Assert.Equal(0xA5, buffer[n]);
    }

    [Fact]
    public void Ack_deconstructs_and_emits()
    {
        Assert.True(TftpPacket.TryCreate(Ack, out TftpPacket p));
        Assert.Equal(TftpOpcode.Ack, p.Opcode);
        Assert.Equal(0, p.BlockNumber);
        Span<byte> buffer = stackalloc byte[8];
        buffer.Fill(0xA5);
        Assert.True(TftpPacketWriter.TryWriteAck(buffer, 0, out int n));
        Assert.Equal(Ack.ToArray(), buffer[..n].ToArray());
        Assert.Equal(0xA5, buffer[n]);
    }

    [Fact]
    public void Error_deconstructs_and_emits()
    {
        Assert.True(TftpPacket.TryCreate(Error, out TftpPacket p));
        Assert.Equal(TftpErrorCode.FileNotFound, p.ErrorCode);
        Assert.Equal("nope"u8, p.ErrorMessage);
        Assert.True(p.ErrorMessageTerminated);
        Span<byte> buffer = stackalloc byte[16];
        buffer.Fill(0xA5);
        Assert.True(TftpPacketWriter.TryWriteError(buffer, TftpErrorCode.FileNotFound, "nope"u8, out int n));
        Assert.Equal(Error.ToArray(), buffer[..n].ToArray());
        Assert.Equal(0xA5, buffer[n]);
    }

    [Fact]
    public void Error_without_terminator_is_tolerated()
    {
        byte[] error = [0, 5, 0, 0, (byte)'x'];
        Assert.True(TftpPacket.TryCreate(error, out TftpPacket p));
        Assert.Equal("x"u8, p.ErrorMessage);
        Assert.False(p.ErrorMessageTerminated);
    }

    [Fact]
    public void OptionAck_deconstructs_and_emits()
    {
        Assert.True(TftpPacket.TryCreate(OptionAck, out TftpPacket p));
        Assert.Equal(TftpOpcode.OptionAck, p.Opcode);
        var seen = new List<string>();
        foreach (TftpOption o in p.Options)
        {
            seen.Add(o.ToString());
        }

        Assert.Equal(["blksize=512", "windowsize=16"], seen);
        Span<byte> buffer = stackalloc byte[64];
        var w = new TftpPacketWriter(buffer);
        Assert.True(w.TryWriteOptionAck());
        Assert.True(w.TryWriteOption("blksize"u8, 512));
        Assert.True(w.TryWriteOption("windowsize"u8, 16));
        Assert.Equal(OptionAck.ToArray(), w.WrittenSpan.ToArray());
    }

    public static TheoryData<int> DataPrefixes() => Prefixes(4);

    public static TheoryData<int> ErrorPrefixes() => Prefixes(4);

    private static TheoryData<int> Prefixes(int count)
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DataPrefixes))]
    public void Every_truncation_of_the_fixed_header_fails(int length)
    {
        Assert.False(TftpPacket.TryCreate(Data[..length], out _, out TftpParseStatus s1));
        Assert.Equal(TftpParseStatus.Truncated, s1);
        Assert.False(TftpPacket.TryCreate(Ack[..length], out _, out TftpParseStatus s2));
        Assert.Equal(TftpParseStatus.Truncated, s2);
        Assert.False(TftpPacket.TryCreate(Error[..length], out _));
    }

    [Fact]
    public void Every_truncation_of_a_request_is_rejected_unless_it_ends_on_a_field_boundary()
    {
        byte[] full = ReadRequest.ToArray();
        // The request stays valid only when cut right after the mode's NUL or after a whole option pair.
        int modeEnd = 2 + "boot.ipxe".Length + 1 + "OcTet".Length + 1;
        int[] valid = [modeEnd, modeEnd + "BLKSIZE".Length + 1 + "1468".Length + 1, full.Length];
        for (int length = 0; length <= full.Length; length++)
        {
            bool ok = TftpRequest.TryCreate(full.AsSpan(0, length), out _, out TftpParseStatus status);
            Assert.True(ok == valid.Contains(length), $"prefix {length}: {status}");
            Assert.Equal(ok, TftpPacket.TryCreate(full.AsSpan(0, length), out _));
        }
    }

    [Fact]
    public void Every_truncation_of_an_oack_inside_a_pair_is_rejected()
    {
        byte[] full = OptionAck.ToArray();
        int[] valid = [2, 2 + 12, full.Length];
        for (int length = 0; length <= full.Length; length++)
        {
            Assert.True(TftpPacket.TryCreate(full.AsSpan(0, length), out _) == valid.Contains(length), $"prefix {length}");
        }
    }

    [Theory]
    [InlineData(new byte[] { 0, 7, 0, 0 }, TftpParseStatus.UnknownOpcode)]
    [InlineData(new byte[] { 0, 0 }, TftpParseStatus.UnknownOpcode)]
    [InlineData(new byte[] { 0, 4, 0, 1, 0 }, TftpParseStatus.TrailingBytes)]
    [InlineData(new byte[] { 0, 1, 0, (byte)'o', 0 }, TftpParseStatus.EmptyField)]
    [InlineData(new byte[] { 0, 1, (byte)'f', 0, 0 }, TftpParseStatus.EmptyField)]
    [InlineData(new byte[] { 0, 1, (byte)'f' }, TftpParseStatus.MissingTerminator)]
    [InlineData(new byte[] { 0, 1, (byte)'f', 0, (byte)'o', 0, (byte)'x', 0 }, TftpParseStatus.MissingTerminator)]
    public void Malformed_packets_report_why(byte[] datagram, TftpParseStatus expected)
    {
        Assert.False(TftpPacket.TryCreate(datagram, out _, out TftpParseStatus status));
        Assert.Equal(expected, status);
    }

    [Theory]
    [InlineData("octet", TftpTransferMode.Octet)]
    [InlineData("OCTET", TftpTransferMode.Octet)]
    [InlineData("NetAscii", TftpTransferMode.NetAscii)]
    [InlineData("mail", TftpTransferMode.Mail)]
    [InlineData("binary", TftpTransferMode.Unknown)]
    [InlineData("octe", TftpTransferMode.Unknown)]
    public void Modes_compare_case_insensitively(string mode, TftpTransferMode expected)
    {
        Span<byte> buffer = stackalloc byte[64];
        var w = new TftpPacketWriter(buffer);
        Assert.True(w.TryWriteRequest(TftpOpcode.WriteRequest, "f"u8, System.Text.Encoding.ASCII.GetBytes(mode)));
        Assert.True(TftpRequest.TryCreate(w.WrittenSpan, out TftpRequest r));
        Assert.Equal(expected, r.TransferMode);
    }

    [Fact]
    public void Writer_refuses_short_destinations_without_side_effects()
    {
        byte[] buffer = new byte[12];
        var w = new TftpPacketWriter(buffer);
        Assert.True(w.TryWriteRequest(TftpOpcode.ReadRequest, "ab"u8, "octet"u8));
        int before = w.BytesWritten;
        Assert.False(w.TryWriteOption("blksize"u8, 1468));
        Assert.Equal(before, w.BytesWritten);
        Assert.False(TftpPacketWriter.TryWriteData(new byte[6], 1, [1, 2, 3], out int n));
        Assert.Equal(0, n);
        Assert.False(TftpPacketWriter.TryWriteAck(new byte[3], 1, out n));
        Assert.Equal(0, n);
    }

    [Fact]
    public void Writer_rejects_caller_misuse()
    {
        byte[] buffer = new byte[64];
        Assert.Throws<ArgumentException>(() => new TftpPacketWriter(buffer).TryWriteRequest(TftpOpcode.Data, "a"u8, "octet"u8));
        Assert.Throws<ArgumentException>(() => new TftpPacketWriter(buffer).TryWriteRequest(TftpOpcode.ReadRequest, "a\0b"u8, "octet"u8));
        Assert.Throws<ArgumentException>(() => new TftpPacketWriter(buffer).TryWriteOption(""u8, "1"u8));
        Assert.Throws<ArgumentException>(() => TftpPacketWriter.TryWriteData(new byte[70000], 1, new byte[TftpLimits.MaxBlockSize + 1], out _));
    }

    [Fact]
    public void Data_and_ack_parse_and_emit_allocate_nothing()
    {
        byte[] data = new byte[4 + 1468];
        byte[] output = new byte[4 + 1468];
        byte[] payload = new byte[1468];
        TftpPacketWriter.TryWriteData(data, 42, payload, out _);
        byte[] ack = [0, 4, 0, 42];
        AllocationAssert.NoAllocations(() =>
        {
            TftpPacket.TryCreate(data, out TftpPacket p);
            TftpPacketWriter.TryWriteData(output, p.BlockNumber, p.Payload, out _);
            TftpPacket.TryCreate(ack, out TftpPacket a);
            TftpPacketWriter.TryWriteAck(output, a.BlockNumber, out _);
        });
    }

    [Fact]
    public void Request_parse_and_option_enumeration_allocate_nothing()
    {
        byte[] request = ReadRequest.ToArray();
        long sum = 0;
        AllocationAssert.NoAllocations(() =>
        {
            TftpRequest.TryCreate(request, out TftpRequest r);
            foreach (TftpOption o in r.Options)
            {
                if (o.NameEquals("blksize"u8) && o.TryGetNumber(out long n))
                {
                    sum += n;
                }
            }
        });
        Assert.True(sum > 0);
    }

    [Fact]
    public void Block_number_is_big_endian()
    {
        byte[] buffer = new byte[4];
        TftpPacketWriter.TryWriteAck(buffer, 0x1234, out _);
        Assert.Equal(0x1234, BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(2)));
    }
}
