using Pxe.Nfs;
using Pxe.Testing;

namespace Pxe.Nfs.Tests.Nfs3;

public class FileHandleTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(0, 16).Select(i => (byte)i)];

    [Fact]
    public void SipHash_matches_the_reference_vectors()
    {
        // Aumasson & Bernstein, SipHash paper appendix A / reference vectors.h: key 00..0f.
        Assert.Equal(0x726fdb47dd0e0e31UL, SipHash.Compute(Key, []));
        Assert.Equal(0xa129ca6149be45e5UL, SipHash.Compute(Key, [.. Enumerable.Range(0, 15).Select(i => (byte)i)]));
    }

    [Fact]
    public void Handles_round_trip_and_any_flipped_bit_is_refused()
    {
        NfsFileHandle h = NfsFileHandle.Create(3, new NfsNodeId(0x0801, 123456789), Key);
        Assert.True(NfsFileHandle.TryParse(h.Span, Key, out NfsFileHandle parsed));
        Assert.Equal((3, new NfsNodeId(0x0801, 123456789)), (parsed.ExportIndex, parsed.Node));
        byte[] bytes = h.Span.ToArray();
        for (int bit = 0; bit < bytes.Length * 8; bit++)
        {
            byte[] flipped = (byte[])bytes.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(NfsFileHandle.TryParse(flipped, Key, out _), $"bit {bit}");
        }

        Assert.False(NfsFileHandle.TryParse(bytes, NfsServer.DeriveKey("another server"), out _));
        Assert.False(NfsFileHandle.TryParse(bytes.AsSpan(0, 31), Key, out _));
    }

    [Fact]
    public void Checking_a_handle_allocates_nothing()
    {
        byte[] bytes = NfsFileHandle.Create(0, new NfsNodeId(1, 2), Key).Span.ToArray();
        bool ok = false;
        AllocationAssert.NoAllocations(() => ok = NfsFileHandle.TryParse(bytes, Key, out _));
        Assert.True(ok);
    }
}
