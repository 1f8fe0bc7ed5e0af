using FsCheck;
using FsCheck.Fluent;
using Pxe.Nfs;
using Pxe.Testing;

namespace Pxe.Nfs.Tests.Xdr;

public class XdrTests
{
    // RFC 4506 §4.10: opaque<> "abc" = length 3, the bytes, one byte of zero padding.
    private static ReadOnlySpan<byte> OpaqueAbc => [0, 0, 0, 3, (byte)'a', (byte)'b', (byte)'c', 0];

    [Fact]
    public void Reads_primitives_big_endian()
    {
        byte[] data = [0, 0, 0, 7, 0xFF, 0xFF, 0xFF, 0xFE, 0, 0, 0, 1, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08];
        var r = new XdrReader(data);
        Assert.True(r.TryReadUInt32(out uint u));
        Assert.Equal(7u, u);
        Assert.True(r.TryReadInt32(out int i));
        Assert.Equal(-2, i);
        Assert.True(r.TryReadBoolean(out bool b));
        Assert.True(b);
        Assert.True(r.TryReadUInt64(out ulong h));
        Assert.Equal(0x0102030405060708UL, h);
        Assert.Equal(0, r.Remaining);
    }

    [Fact]
    public void Reads_padded_opaque()
    {
        var r = new XdrReader(OpaqueAbc);
        Assert.True(r.TryReadOpaque(16, out ReadOnlySpan<byte> value));
        Assert.Equal("abc"u8.ToArray(), value.ToArray());
        Assert.Equal(8, r.Position);
    }

    [Fact]
    public void Writes_padded_opaque_and_back_patched_length()
    {
        byte[] buffer = new byte[16];
        Array.Fill(buffer, (byte)0xA5);
        var w = new XdrWriter(buffer);
        XdrLengthToken token = w.BeginOpaque();
        "abc"u8.CopyTo(w.FreeSpan);
        w.Advance(3);
        w.EndOpaque(token);
        Assert.False(w.HasOverflowed);
        Assert.Equal(OpaqueAbc.ToArray(), buffer.AsSpan(0, w.BytesWritten).ToArray());
    }

    [Fact]
    public void Length_over_maximum_is_refused_at_the_prefix_and_position_is_kept()
    {
        byte[] data = [0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4];
        var r = new XdrReader(data);
        Assert.False(r.TryReadOpaque(XdrLimits.MaxOpaqueLength, out ReadOnlySpan<byte> value));
        Assert.True(value.IsEmpty);
        Assert.Equal(0, r.Position);
        Assert.False(r.TryReadOpaque(2, out _)); // 0xFFFFFFFF > 2
        byte[] three = [0, 0, 0, 3, 1, 2, 3, 0];
        var r3 = new XdrReader(three);
        Assert.False(r3.TryReadOpaque(2, out _));
        Assert.Equal(0, r3.Position);
    }

    [Fact]
    public void Boolean_other_than_0_or_1_is_invalid()
    {
        byte[] data = [0, 0, 0, 2];
        var r = new XdrReader(data);
        Assert.False(r.TryReadBoolean(out _));
        Assert.Equal(0, r.Position);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void Every_truncation_of_an_opaque_fails_without_consuming(int length)
    {
        var r = new XdrReader(OpaqueAbc[..length]);
        Assert.False(r.TryReadOpaque(16, out _));
        Assert.Equal(0, r.Position);
    }

    [Fact]
    public void Writer_overflow_is_sticky()
    {
        byte[] buffer = new byte[6];
        var w = new XdrWriter(buffer);
        Assert.True(w.TryWriteUInt32(1));
        Assert.False(w.TryWriteUInt32(2));
        Assert.True(w.HasOverflowed);
        w.WriteUInt32(3);
        Assert.Equal(4, w.BytesWritten);
    }

    [Fact]
    public void Round_trips_opaque_and_integers_property()
    {
        PropertyCheck.ForAll(ArbMap.Default.ArbFor<(byte[] Bytes, uint U, ulong H, bool B)>().Filter(t => t.Bytes is not null), t =>
        {
            byte[] buffer = new byte[t.Bytes.Length + 32];
            var w = new XdrWriter(buffer);
            w.WriteUInt32(t.U);
            w.WriteOpaque(t.Bytes);
            w.WriteUInt64(t.H);
            w.WriteBoolean(t.B);
            Assert.False(w.HasOverflowed);
            Assert.Equal(4 + 4 + XdrLimits.Pad(t.Bytes.Length) + 8 + 4, w.BytesWritten);
            var r = new XdrReader(buffer.AsSpan(0, w.BytesWritten));
            Assert.True(r.TryReadUInt32(out uint u) && u == t.U);
            Assert.True(r.TryReadOpaque(XdrLimits.MaxOpaqueLength, out ReadOnlySpan<byte> bytes));
            Assert.Equal(t.Bytes, bytes.ToArray());
            Assert.True(r.TryReadUInt64(out ulong h) && h == t.H);
            Assert.True(r.TryReadBoolean(out bool b) && b == t.B);
            Assert.Equal(0, r.Remaining);

            // any shorter destination fails
            if (w.BytesWritten > 0)
            {
                var small = new XdrWriter(new byte[w.BytesWritten - 1]);
                small.WriteUInt32(t.U);
                small.WriteOpaque(t.Bytes);
                small.WriteUInt64(t.H);
                small.WriteBoolean(t.B);
                Assert.True(small.HasOverflowed);
            }
        });
    }

    [Fact]
    public void Arbitrary_bytes_never_throw()
    {
        PropertyCheck.ForAll(ArbMap.Default.ArbFor<byte[]>().Filter(b => b is not null), bytes =>
        {
            var r = new XdrReader(bytes);
            while (r.Remaining > 0)
            {
                int before = r.Position;
                if (!r.TryReadOpaque(64, out _) && !r.TryReadUInt32(out _) && !r.TrySkip(1))
                {
                    break;
                }

                Assert.True(r.Position > before);
            }
        });
    }

    [Fact]
    public void Reading_and_writing_primitives_allocates_nothing()
    {
        byte[] buffer = new byte[64];
        AllocationAssert.NoAllocations(() =>
        {
            var w = new XdrWriter(buffer);
            w.WriteUInt32(5);
            w.WriteUInt64(6);
            w.WriteOpaque("hello"u8);
            var r = new XdrReader(buffer);
            r.TryReadUInt32(out _);
            r.TryReadUInt64(out _);
            r.TryReadOpaque(16, out _);
        });
    }
}
