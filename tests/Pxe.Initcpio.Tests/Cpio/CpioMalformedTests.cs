using System.Buffers;
using System.Text;
using Pxe.Testing;

namespace Pxe.Initcpio.Tests.Cpio;

/// <summary>Hostile archives: a clear status or <see cref="CpioContentException"/>, never another exception or a hang.</summary>
public sealed class CpioMalformedTests
{
    // A GNU-cpio-style newc header for the file "ab" holding 3 bytes (mode 0100644, ino 1, mtime 0x5F000000).
    private static ReadOnlySpan<byte> FileHeader =>
        "070701"u8 + // magic
        "00000001"u8 + // ino
        "000081A4"u8 + // mode: regular file, 0644
        "00000000"u8 + // uid
        "00000000"u8 + // gid
        "00000001"u8 + // nlink
        "5F000000"u8 + // mtime
        "00000003"u8 + // filesize
        "00000000"u8 + // devmajor
        "00000000"u8 + // devminor
        "00000000"u8 + // rdevmajor
        "00000000"u8 + // rdevminor
        "00000003"u8 + // namesize, NUL included
        "00000000"u8 + // check
        "ab\0\0\0\0"u8; // name, NUL (113 bytes so far), padding to 116

    private static byte[] SmallArchive()
    {
        using var ms = new MemoryStream();
        using (var writer = new CpioWriter(ms, leaveOpen: true))
        {
            writer.WriteDirectory("d");
            writer.WriteFile("d/f", "hello"u8);
            writer.WriteSymbolicLink("d/l", "f");
        }

        return ms.ToArray();
    }

    [Fact]
    public void HeaderViewDecodesEveryField()
    {
        Assert.Equal(OperationStatus.Done, CpioHeader.TryRead(FileHeader, out CpioHeader header, out int consumed, out CpioParseStatus status));
        Assert.Equal(CpioParseStatus.Success, status);
        Assert.Equal(FileHeader.Length, consumed);
        Assert.Equal("ab"u8.ToArray(), header.Name.ToArray());
        CpioEntryHeader h = header.ToEntryHeader();
        Assert.Equal(CpioEntryType.RegularFile, h.Type);
        Assert.Equal((UnixFileMode)0x1A4, h.Permissions);
        Assert.Equal(0x5F000000u, h.ModificationTime);
        Assert.Equal(3u, h.FileSize);
        Assert.Equal(CpioFormat.Newc, header.Format);
    }

    [Fact]
    public void WriterEmitsTheSameHeaderBytes()
    {
        Span<byte> buffer = stackalloc byte[200];
        buffer.Fill(0xA5);
        var h = new CpioEntryHeader { Inode = 1, Mode = 0x81A4, LinkCount = 1, ModificationTime = 0x5F000000, FileSize = 3 };
        Assert.True(CpioHeaderWriter.TryWrite(buffer, h, "ab"u8, CpioFormat.Newc, out int written));
        Assert.Equal(FileHeader.ToArray(), buffer[..written].ToArray());
        Assert.Equal(CpioHeaderWriter.GetEncodedLength(2), written);
        Assert.False(CpioHeaderWriter.TryWrite(buffer[..(written - 1)], h, "ab"u8, CpioFormat.Newc, out int none));
        Assert.Equal(0, none);
    }

    [Fact]
    public void EveryPrefixOfAHeaderNeedsMoreData()
    {
        for (int i = 0; i < FileHeader.Length; i++)
        {
            Assert.Equal(OperationStatus.NeedMoreData, CpioHeader.TryRead(FileHeader[..i], out _, out int consumed, out CpioParseStatus status));
            Assert.Equal(0, consumed);
            Assert.Equal(CpioParseStatus.Truncated, status);
        }
    }

    [Theory]
    [InlineData(0, (byte)'9', CpioParseStatus.BadMagic)]
    [InlineData(10, (byte)'G', CpioParseStatus.BadHexField)]
    [InlineData(110 + 2, (byte)'x', CpioParseStatus.BadNameTerminator)]
    [InlineData(110, 0, CpioParseStatus.BadNameTerminator)]
    public void CorruptHeadersAreRefusedWithAReason(int offset, byte value, CpioParseStatus expected)
    {
        byte[] bytes = FileHeader.ToArray();
        bytes[offset] = value;
        Assert.Equal(OperationStatus.InvalidData, CpioHeader.TryRead(bytes, out _, out int consumed, out CpioParseStatus status));
        Assert.Equal(expected, status);
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void OversizedNameIsRefusedBeforeBuffering()
    {
        byte[] bytes = FileHeader.ToArray();
        Encoding.ASCII.GetBytes("00100000").CopyTo(bytes, 94);
        Assert.Equal(OperationStatus.InvalidData, CpioHeader.TryRead(bytes, out _, out _, out CpioParseStatus status));
        Assert.Equal(CpioParseStatus.BadNameLength, status);
    }

    [Fact]
    public void EveryTruncationOfAnArchiveGivesTruncatedNotAnException()
    {
        byte[] archive = SmallArchive();
        for (int length = 0; length < archive.Length - 4; length++)
        {
            using var reader = new CpioReader(new MemoryStream(archive, 0, length));
            CpioParseStatus status;
            int guard = 0;
            while ((status = reader.TryReadNext(out CpioEntry? entry)) == CpioParseStatus.Success && entry is not null)
            {
                Assert.True(++guard < 10);
            }

            Assert.True(status == CpioParseStatus.Truncated, $"length {length}: {status}");
            Assert.Throws<CpioContentException>(() => reader.ReadNext());
        }
    }

    [Fact]
    public void CrcMismatchIsDetected()
    {
        using var ms = new MemoryStream();
        using (var writer = new CpioWriter(ms, CpioFormat.Crc, leaveOpen: true))
        {
            writer.WriteFile("f", "payload"u8);
        }

        byte[] bytes = ms.ToArray();
        int data = Array.IndexOf(bytes, (byte)'p');
        bytes[data] = (byte)'P';
        using var reader = new CpioReader(new MemoryStream(bytes));
        Assert.NotNull(reader.ReadNext());
        var ex = Assert.Throws<CpioContentException>(() => reader.ReadNext());
        Assert.Equal(CpioParseStatus.ChecksumMismatch, ex.Status);
    }

    [Theory]
    [InlineData(new byte[] { 0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0, 0 }, CpioParseStatus.UnsupportedCompression)]
    [InlineData(new byte[] { (byte)'B', (byte)'Z', (byte)'h', (byte)'9', 0, 0 }, CpioParseStatus.UnsupportedCompression)]
    [InlineData(new byte[] { (byte)'<', (byte)'h', (byte)'t', (byte)'m', (byte)'l', (byte)'>' }, CpioParseStatus.BadMagic)]
    [InlineData(new byte[] { 0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF }, CpioParseStatus.BadCompressedData)]
    [InlineData(new byte[0], CpioParseStatus.Truncated)]
    public void ForeignAndCorruptStreamsAreNamed(byte[] bytes, CpioParseStatus expected)
    {
        using var reader = new CpioReader(new MemoryStream(bytes));
        Assert.Equal(expected, reader.TryReadNext(out CpioEntry? entry));
        Assert.Null(entry);
    }

    [Fact]
    public void GarbageAfterTheTrailerIsABadSegment()
    {
        byte[] archive = [.. SmallArchive(), .. "junk"u8];
        using var reader = new CpioReader(new MemoryStream(archive));
        CpioParseStatus status;
        while ((status = reader.TryReadNext(out CpioEntry? e)) == CpioParseStatus.Success && e is not null)
        {
        }

        Assert.Equal(CpioParseStatus.BadSegment, status);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../../escape")]
    [InlineData("/../x")]
    public void TraversalNamesAreRefused(string name)
    {
        using var tmp = new TempDir();
        using var ms = new MemoryStream();
        using (var writer = new CpioWriter(ms, leaveOpen: true))
        {
            writer.WriteFile(name, "x"u8);
        }

        ms.Position = 0;
        var ex = Assert.Throws<CpioContentException>(() => CpioExtractor.Extract(ms, tmp.Sub("out")));
        Assert.Equal(CpioParseStatus.UnsafeName, ex.Status);
        Assert.False(File.Exists(Path.Combine(tmp.Path, "escape")));
    }

    [Fact]
    public void WritingThroughASymlinkFromTheArchiveIsRefused()
    {
        using var tmp = new TempDir();
        string outside = tmp.Sub("outside");
        using var ms = new MemoryStream();
        using (var writer = new CpioWriter(ms, leaveOpen: true))
        {
            writer.WriteSymbolicLink("a", outside);
            writer.WriteFile("a/owned", "x"u8);
        }

        ms.Position = 0;
        var ex = Assert.Throws<CpioContentException>(() => CpioExtractor.Extract(ms, tmp.Sub("out")));
        Assert.Equal(CpioParseStatus.UnsafeName, ex.Status);
        Assert.False(File.Exists(Path.Combine(outside, "owned")));
    }

    [Fact]
    public void AbsoluteNamesAreExtractedBelowTheDestination()
    {
        using var tmp = new TempDir();
        using var ms = new MemoryStream();
        using (var writer = new CpioWriter(ms, leaveOpen: true))
        {
            writer.WriteFile("/etc/x", "x"u8);
        }

        ms.Position = 0;
        string dest = tmp.Sub("out");
        CpioExtractor.Extract(ms, dest);
        Assert.True(File.Exists(Path.Combine(dest, "etc/x")));
    }

    [Fact]
    public void HeaderCodecAllocatesNothing()
    {
        byte[] buffer = new byte[CpioLimits.MaxEncodedHeaderLength];
        byte[] source = FileHeader.ToArray();
        var h = new CpioEntryHeader { Inode = 1, Mode = 0x81A4, LinkCount = 1, FileSize = 3 };
        AllocationAssert.NoAllocations(() =>
        {
            CpioHeaderWriter.TryWrite(buffer, h, "usr/lib/modules/6.1.0/kernel/fs/nfs/nfsv3.ko"u8, CpioFormat.Newc, out _);
            CpioHeader.TryRead(source, out CpioHeader view, out _, out _);
            _ = view.ToEntryHeader();
        });
    }
}
