using System.Buffers.Binary;
using Pxe.Testing;

namespace Pxe.Dhcp.Tests.Wire;

public class DhcpPacketTests
{
    [Fact]
    public void Deconstructs_ipxe_discover()
    {
        byte[] bytes = DhcpFixtures.IpxeBiosDiscover;
        Assert.True(DhcpPacket.TryCreate(bytes, out DhcpPacket p, out DhcpParseStatus status));
        Assert.Equal(DhcpParseStatus.Success, status);
        Assert.Equal(BootpOpCode.BootRequest, p.Op);
        Assert.Equal(6, p.HardwareAddressLength);
        Assert.Equal(0x12345678u, p.TransactionId);
        Assert.Equal((ushort)4, p.Seconds);
        Assert.Equal(DhcpFlags.Broadcast, p.Flags);
        Assert.Equal("52:54:00:12:34:56", p.ClientHardwareAddress.ToString());
        Assert.Equal(DhcpMessageType.Discover, p.MessageType);
        Assert.True(p.TryGetOption(DhcpOptionCode.MaxMessageSize, out ReadOnlySpan<byte> mms));
        Assert.Equal(1472, BinaryPrimitives.ReadUInt16BigEndian(mms));
        Assert.True(p.TryGetOption(DhcpOptionCode.ClientSystemArchitecture, out ReadOnlySpan<byte> arch));
        Assert.True(PxeClientArchitectures.TryGet(arch, 0, out PxeClientArchitecture a));
        Assert.Equal(PxeClientArchitecture.IntelX86Pc, a);
        Assert.True(p.TryGetOption(DhcpOptionCode.UserClass, out ReadOnlySpan<byte> uc));
        Assert.True(UserClass.Contains(uc, UserClass.Ipxe));
        Assert.False(UserClass.IsRfc3004Framed(uc));
        Assert.True(p.TryGetOption(DhcpOptionCode.ClientMachineIdentifier, out ReadOnlySpan<byte> guid));
        Assert.True(ClientMachineId.TryRead(guid, out ClientMachineId id));
        Assert.True(id.IsZero);
        Assert.True(p.TryGetOption(DhcpOptionCode.IpxeEncapsulated, out ReadOnlySpan<byte> ipxe));
        int features = 0;
        foreach (DhcpOption sub in new DhcpOptionEnumerator(ipxe))
        {
            features++;
            Assert.Equal(1, sub.Value.Length);
        }

        Assert.Equal(3, features);
        int count = 0;
        DhcpOptionEnumerator e = p.Options;
        while (e.MoveNext())
        {
            count++;
        }

        Assert.Equal(DhcpParseStatus.Success, e.Status);
        Assert.Equal(10, count);
    }

    [Fact]
    public void Emits_the_same_bytes_as_the_fixture()
    {
        byte[] expected = DhcpFixtures.IpxeBiosDiscover;
        byte[] buffer = new byte[600];
        buffer.AsSpan().Fill(0xA5);
        Assert.True(DhcpPacketWriter.TryCreate(buffer, out DhcpPacketWriter w));
        w.Op = BootpOpCode.BootRequest;
        w.SetClientHardwareAddress(HardwareAddress.Parse("52:54:00:12:34:56"));
        w.TransactionId = 0x12345678;
        w.Seconds = 4;
        w.Flags = DhcpFlags.Broadcast;
        var o = new DhcpOptionWriter(w.OptionsArea);
        Assert.True(o.TryWriteMessageType(DhcpMessageType.Discover));
        Assert.True(o.TryWriteUInt16(DhcpOptionCode.MaxMessageSize, 1472));
        Assert.True(o.TryWriteUInt16(DhcpOptionCode.ClientSystemArchitecture, 0));
        Assert.True(o.TryWrite(DhcpOptionCode.ClientNetworkInterface, [1, 2, 1]));
        Assert.True(o.TryWrite(DhcpOptionCode.VendorClassIdentifier, "PXEClient:Arch:00000:UNDI:002001"u8));
        Assert.True(o.TryWrite(DhcpOptionCode.UserClass, "iPXE"u8));
        Assert.True(o.TryWrite(DhcpOptionCode.ParameterRequestList, [1, 3, 6, 7, 12, 15, 17, 26, 43, 60, 66, 67, 175]));
        Assert.True(o.TryBeginOption(DhcpOptionCode.IpxeEncapsulated, out DhcpOptionToken t));
        Assert.True(o.TryWriteByte((DhcpOptionCode)IpxeOptionCode.FeatureHttp, 1));
        Assert.True(o.TryWriteByte((DhcpOptionCode)IpxeOptionCode.FeatureTftp, 1));
        Assert.True(o.TryWriteByte((DhcpOptionCode)IpxeOptionCode.FeatureBzImage, 1));
        Assert.True(o.TryEndOption(t));
        Assert.True(o.TryWrite(DhcpOptionCode.ClientIdentifier, [1, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56]));
        Span<byte> guid = stackalloc byte[17];
        Assert.True(new ClientMachineId(new byte[16]).TryWrite(guid, out int gw));
        Assert.True(o.TryWrite(DhcpOptionCode.ClientMachineIdentifier, guid[..gw]));
        Assert.True(o.TryWriteEnd());
        Assert.Equal(expected.Length, DhcpLimits.HeaderLength + o.BytesWritten);
        Assert.Equal(expected, buffer[..expected.Length]);
    }

    [Fact]
    public void Parses_into_a_model_and_re_encodes_identically()
    {
        byte[] bytes = DhcpFixtures.IpxeBiosDiscover;
        Assert.True(DhcpMessage.TryRead(bytes, out DhcpMessage? m, out _));
        Assert.Equal(10, m!.Options.Count);
        Assert.Equal(bytes.Length, m.GetEncodedLength());
        Assert.Equal(bytes, m.ToArray());
    }

    public static TheoryData<int> Prefixes()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < DhcpFixtures.IpxeBiosDiscover.Length; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public void Every_truncation_is_rejected_with_a_reason(int length)
    {
        byte[] prefix = DhcpFixtures.IpxeBiosDiscover[..length];
        Assert.False(DhcpPacket.TryCreate(prefix, out DhcpPacket p, out DhcpParseStatus status));
        Assert.True(p.Bytes.IsEmpty);
        var boundaries = new HashSet<int>();
        byte[] full = DhcpFixtures.IpxeBiosDiscover;
        for (int pos = DhcpLimits.HeaderLength; full[pos] != 255; pos += 2 + full[pos + 1])
        {
            boundaries.Add(pos);
        }

        boundaries.Add(full.Length - 1); // everything but END

        DhcpParseStatus expected = length < DhcpLimits.HeaderLength ? DhcpParseStatus.Truncated
            : boundaries.Contains(length) ? DhcpParseStatus.MissingEnd : DhcpParseStatus.OptionOverrun;
        Assert.Equal(expected, status);
    }

    [Fact]
    public void Bad_cookie_is_rejected()
    {
        byte[] bytes = DhcpFixtures.IpxeBiosDiscover;
        bytes[236] = 0x64;
        Assert.False(DhcpPacket.TryCreate(bytes, out _, out DhcpParseStatus status));
        Assert.Equal(DhcpParseStatus.BadMagicCookie, status);
    }

    [Fact]
    public void Hlen_over_16_is_rejected()
    {
        byte[] bytes = DhcpFixtures.IpxeBiosDiscover;
        bytes[2] = 17;
        Assert.False(DhcpPacket.TryCreate(bytes, out _, out DhcpParseStatus status));
        Assert.Equal(DhcpParseStatus.InvalidHardwareAddressLength, status);
    }

    private static byte[] WithOptions(params byte[] options)
    {
        byte[] bytes = new byte[DhcpLimits.HeaderLength + options.Length];
        Assert.True(DhcpPacketWriter.TryCreate(bytes, out DhcpPacketWriter w));
        w.Op = BootpOpCode.BootRequest;
        options.CopyTo(bytes.AsSpan(DhcpLimits.HeaderLength));
        return bytes;
    }

    [Fact]
    public void Missing_end_is_rejected()
    {
        Assert.False(DhcpPacket.TryCreate(WithOptions(53, 1, 1), out _, out DhcpParseStatus status));
        Assert.Equal(DhcpParseStatus.MissingEnd, status);
    }

    [Fact]
    public void Option_running_past_the_end_is_rejected()
    {
        Assert.False(DhcpPacket.TryCreate(WithOptions(53, 1, 1, 60, 10, 65, 255), out _, out DhcpParseStatus status));
        Assert.Equal(DhcpParseStatus.OptionOverrun, status);
    }

    [Fact]
    public void Enumerator_over_a_bad_area_stops_with_status()
    {
        var e = new DhcpOptionEnumerator([1, 4, 255, 255, 255, 0, 255, 3, 9]);
        Assert.True(e.MoveNext());
        Assert.False(e.MoveNext());
        Assert.Equal(DhcpParseStatus.Success, e.Status);
        var bad = new DhcpOptionEnumerator([0, 0, 3, 9, 1]);
        Assert.False(bad.MoveNext());
        Assert.Equal(DhcpParseStatus.OptionOverrun, bad.Status);
    }

    [Fact]
    public void Overload_areas_are_walked_file_then_sname()
    {
        byte[] bytes = WithOptions(53, 1, 3, 52, 1, 3, 255);
        bytes[108] = 67; // file area: option 67 "a"
        bytes[109] = 1;
        bytes[110] = (byte)'a';
        bytes[111] = 255;
        bytes[44] = 66; // sname area: option 66 "b"
        bytes[45] = 1;
        bytes[46] = (byte)'b';
        bytes[47] = 255;
        Assert.True(DhcpPacket.TryCreate(bytes, out DhcpPacket p, out _));
        Assert.Equal(DhcpOverload.Both, p.Overload);
        Assert.True(p.BootFileName.IsEmpty);
        var codes = new List<DhcpOptionCode>();
        foreach (DhcpOption o in p.Options)
        {
            codes.Add(o.Code);
        }

        Assert.Equal([DhcpOptionCode.MessageType, DhcpOptionCode.OptionOverload, DhcpOptionCode.BootFileName, DhcpOptionCode.TftpServerName], codes);
    }

    [Fact]
    public void Overload_inside_an_overloaded_area_is_a_loop()
    {
        byte[] bytes = WithOptions(53, 1, 3, 52, 1, 1, 255);
        bytes[108] = 52;
        bytes[109] = 1;
        bytes[110] = 1;
        bytes[111] = 255;
        Assert.False(DhcpPacket.TryCreate(bytes, out _, out DhcpParseStatus status));
        Assert.Equal(DhcpParseStatus.InvalidOverload, status);
    }

    [Fact]
    public void Overloaded_area_without_end_is_rejected()
    {
        byte[] bytes = WithOptions(53, 1, 3, 52, 1, 2, 255);
        Assert.False(DhcpPacket.TryCreate(bytes, out _, out DhcpParseStatus status)); // sname all PAD, no END
        Assert.Equal(DhcpParseStatus.MissingEnd, status);
    }

    [Fact]
    public void Long_option_is_split_on_write_and_concatenated_on_read()
    {
        byte[] value = new byte[600];
        new Random(2).NextBytes(value);
        byte[] buffer = new byte[1000];
        Assert.True(DhcpPacketWriter.TryCreate(buffer, out DhcpPacketWriter w));
        var o = new DhcpOptionWriter(w.OptionsArea);
        Assert.True(o.TryWriteMessageType(DhcpMessageType.Ack));
        Assert.True(o.TryWrite(DhcpOptionCode.VendorSpecific, value));
        Assert.Equal(3 + 600 + 6, o.BytesWritten);
        Assert.True(o.TryWriteEnd());
        Assert.True(DhcpPacket.TryCreate(buffer.AsSpan(0, 240 + o.BytesWritten), out DhcpPacket p));
        Assert.Equal(600, p.GetConcatenatedLength(DhcpOptionCode.VendorSpecific));
        byte[] joined = new byte[600];
        Assert.True(p.TryCopyConcatenated(DhcpOptionCode.VendorSpecific, joined, out int n));
        Assert.Equal(600, n);
        Assert.Equal(value, joined);
        Assert.False(p.TryCopyConcatenated(DhcpOptionCode.VendorSpecific, new byte[599], out n));
        Assert.Equal(0, n);
    }

    [Fact]
    public void Unknown_options_are_kept_byte_for_byte()
    {
        byte[] bytes = WithOptions(53, 1, 1, 224, 3, 9, 8, 7, 254, 0, 255);
        Assert.True(DhcpPacket.TryCreate(bytes, out DhcpPacket p));
        Assert.True(p.TryGetOption((DhcpOptionCode)224, out ReadOnlySpan<byte> v));
        Assert.Equal([9, 8, 7], v.ToArray());
        Assert.True(p.TryGetOption((DhcpOptionCode)254, out v));
        Assert.True(v.IsEmpty);
        Assert.True(DhcpMessage.TryRead(bytes, out DhcpMessage? m, out _));
        Assert.Equal(bytes, m!.ToArray());
    }

    [Fact]
    public void Writer_false_leaves_position_unchanged()
    {
        byte[] small = new byte[5];
        var o = new DhcpOptionWriter(small);
        Assert.True(o.TryWriteByte(DhcpOptionCode.MessageType, 1));
        Assert.False(o.TryWriteUInt32(DhcpOptionCode.IpAddressLeaseTime, 5));
        Assert.Equal(3, o.BytesWritten);
        Assert.True(o.TryBeginOption(DhcpOptionCode.VendorSpecific, out DhcpOptionToken t));
        Assert.True(o.TryEndOption(t));
        Assert.Equal(5, o.BytesWritten);
        Assert.Equal(0, small[4]);
    }

    [Fact]
    public void Pxe_vendor_options_round_trip()
    {
        byte[] buffer = new byte[100];
        var o = new DhcpOptionWriter(buffer);
        Assert.True(PxeVendorOptions.TryWrite(ref o, PxeDiscoveryControl.UseBootFileName, "PXE"u8));
        var e = new DhcpOptionEnumerator(buffer.AsSpan(0, o.BytesWritten));
        Assert.True(e.MoveNext());
        Assert.Equal(DhcpOptionCode.VendorSpecific, e.Current.Code);
        Assert.True(PxeVendorOptions.TryGetDiscoveryControl(e.Current.Value, out PxeDiscoveryControl c));
        Assert.Equal(PxeDiscoveryControl.UseBootFileName, c);
    }

    [Fact]
    public void User_class_accepts_rfc3004_framing()
    {
        Assert.True(UserClass.Contains([4, .. "iPXE"u8, 3, .. "foo"u8], UserClass.Ipxe));
        Assert.True(UserClass.Contains("iPXE"u8, UserClass.Ipxe));
        Assert.False(UserClass.Contains([4, .. "gPXE"u8], UserClass.Ipxe));
    }

    [Fact]
    public void Atoms_format_and_parse()
    {
        Assert.Equal("10.0.0.1", Ipv4Address.Parse("10.0.0.1").ToString());
        Assert.False(Ipv4Address.TryParse("10.0.0", out _));
        Assert.False(Ipv4Address.TryParse("10.0.0.256", out _));
        Assert.False(Ipv4Address.TryParse("10.0.0.1.", out _));
        Span<byte> utf8 = stackalloc byte[15];
        Assert.True(new Ipv4Address(255, 255, 255, 255).TryFormat(utf8, out int n));
        Assert.Equal("255.255.255.255"u8.ToArray(), utf8[..n].ToArray());
        Assert.False(HardwareAddress.TryParse("52:54:00:12:34:", out _));
        Assert.Equal(HardwareAddress.Parse("52-54-00-12-34-56"), HardwareAddress.Parse("52:54:00:12:34:56"));
        Assert.True(ClientMachineId.TryParse("00112233-4455-6677-8899-aabbccddeeff", out ClientMachineId id));
        Assert.Equal("00112233-4455-6677-8899-aabbccddeeff", id.ToString());
    }

    [Fact]
    public void Parse_and_emit_allocate_nothing()
    {
        byte[] bytes = DhcpFixtures.IpxeBiosDiscover;
        byte[] buffer = new byte[600];
        AllocationAssert.NoAllocations(() =>
        {
            DhcpPacket.TryCreate(bytes, out DhcpPacket p);
            foreach (DhcpOption o in p.Options)
            {
                _ = o.Value.Length;
            }

            p.TryGetOption(DhcpOptionCode.ClientMachineIdentifier, out _);
            _ = p.ClientHardwareAddress;
            DhcpPacketWriter.TryCreate(buffer, out DhcpPacketWriter w);
            w.CopyRequestFields(p);
            var ow = new DhcpOptionWriter(w.OptionsArea);
            ow.TryWriteMessageType(DhcpMessageType.Offer);
            ow.TryWriteAddress(DhcpOptionCode.ServerIdentifier, new Ipv4Address(10, 0, 0, 1));
            ow.TryWriteEnd();
            w.Complete(ow.BytesWritten);
        });
    }
}
