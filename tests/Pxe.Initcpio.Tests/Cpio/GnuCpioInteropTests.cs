using System.Security.Cryptography;

namespace Pxe.Initcpio.Tests.Cpio;

/// <summary>Our archives against GNU cpio 2.13 (Debian's <c>cpio</c>), both directions.</summary>
public sealed class GnuCpioInteropTests
{
    [Theory]
    [InlineData(CpioFormat.Newc, "newc")]
    [InlineData(CpioFormat.Crc, "crc")]
    public async Task GnuCpioExtractsOurArchiveIdentically(CpioFormat format, string gnuName)
    {
        using var tmp = new TempDir();
        string source = tmp.Sub("src");
        await TestTree.CreateSampleAsync(source);
        string archive = Path.Combine(tmp.Path, "ours.cpio");
        using (var file = File.Create(archive))
        using (var writer = new CpioWriter(file, format))
        {
            writer.WriteTree(source);
        }

        string output = tmp.Sub("gnu");
        // -m keeps mtimes, -u overwrites the root entry, as root GNU cpio restores owners.
        await TestTree.Sh($"cd '{output}' && cpio -idmu --quiet -H {gnuName} < '{archive}'");
        Assert.Equal(await TestTree.DescribeAsync(source), await TestTree.DescribeAsync(output));

        // Every hard link is one inode again.
        string inodes = await TestTree.Sh($"cd '{output}' && stat -c %i usr/lib/hard1 usr/lib/hard2 bin/hard3 | sort -u | wc -l");
        Assert.Equal("1", inodes.Trim());
    }

    [Theory]
    [InlineData("newc")]
    [InlineData("crc")]
    public async Task WeListAndExtractArchivesGnuCpioMade(string gnuName)
    {
        using var tmp = new TempDir();
        string source = tmp.Sub("src");
        await TestTree.CreateSampleAsync(source);
        string archive = Path.Combine(tmp.Path, "gnu.cpio");
        await TestTree.Sh($"cd '{source}' && find . | cpio -o --quiet -H {gnuName} > '{archive}'");

        string gnuList = await TestTree.Sh($"cpio -it --quiet < '{archive}'");
        var ours = new List<string>();
        using (var stream = File.OpenRead(archive))
        using (var reader = new CpioReader(stream))
        {
            while (reader.ReadNext() is CpioEntry entry)
            {
                ours.Add(entry.Name);
            }
        }

        Assert.Equal(gnuList.Split('\n', StringSplitOptions.RemoveEmptyEntries), ours);

        string output = tmp.Sub("ours");
        using (var stream = File.OpenRead(archive))
        {
            CpioExtractResult result = CpioExtractor.Extract(stream, output);
            Assert.Equal(ours.Count, result.Extracted);
        }

        Assert.Equal(await TestTree.DescribeAsync(source), await TestTree.DescribeAsync(output));
    }

    [Fact]
    public async Task GzipOutputIsByteIdenticalAcrossRunsAndGunzipReadsIt()
    {
        using var tmp = new TempDir();
        string source = tmp.Sub("src");
        await TestTree.CreateSampleAsync(source);
        byte[] first = BuildGzip(source);
        byte[] second = BuildGzip(source);
        Assert.Equal(SHA256.HashData(first), SHA256.HashData(second));
        Assert.Equal(new byte[] { 0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0 }, first[..8]); // no name, MTIME 0 (RFC 1952 §2.3)

        string archive = Path.Combine(tmp.Path, "a.cpio.gz");
        await File.WriteAllBytesAsync(archive, first);
        string output = tmp.Sub("out");
        await TestTree.Sh($"cd '{output}' && gzip -dc '{archive}' | cpio -idmu --quiet");
        Assert.Equal(await TestTree.DescribeAsync(source), await TestTree.DescribeAsync(output));
    }

    [Fact]
    public async Task ZstdOutputIsReadByTheZstdTool()
    {
        using var tmp = new TempDir();
        string source = tmp.Sub("src");
        await TestTree.CreateSampleAsync(source);
        string archive = Path.Combine(tmp.Path, "a.cpio.zst");
        using (var file = File.Create(archive))
        using (var zstd = CpioCompressionStreams.CreateCompressor(file, CpioCompression.Zstd))
        using (var writer = new CpioWriter(zstd))
        {
            writer.WriteTree(source);
        }

        string output = tmp.Sub("out");
        await TestTree.Sh($"cd '{output}' && zstd -qdc '{archive}' | cpio -idmu --quiet");
        Assert.Equal(await TestTree.DescribeAsync(source), await TestTree.DescribeAsync(output));

        string ours = tmp.Sub("ours");
        using (var stream = File.OpenRead(archive))
        {
            CpioExtractor.Extract(stream, ours);
        }

        Assert.Equal(await TestTree.DescribeAsync(source), await TestTree.DescribeAsync(ours));
    }

    [Fact]
    public async Task ConcatenatedEarlyAndCompressedMainSegmentsAreBothRead()
    {
        using var tmp = new TempDir();
        string archive = Path.Combine(tmp.Path, "initrd.img");
        using (var file = File.Create(archive))
        {
            // Early microcode segment (uncompressed, as the kernel requires), then a GNU-cpio-made main segment, gzipped.
            using (var early = new CpioWriter(file, leaveOpen: true))
            {
                early.WriteDirectory("kernel");
                early.WriteDirectory("kernel/x86");
                early.WriteDirectory("kernel/x86/microcode");
                early.WriteFile("kernel/x86/microcode/GenuineIntel.bin", "ucode"u8);
            }

            // GNU cpio pads to 512 bytes; mkinitcpio does the same between segments.
            file.Write(new byte[512 - (file.Length % 512)]);
        }

        string source = tmp.Sub("main");
        await TestTree.Sh($"cd '{source}' && mkdir bin && printf init > init && cd '{source}' && find . | LC_ALL=C sort | cpio -o --quiet -H newc | gzip -n >> '{archive}'");

        var names = new List<string>();
        using (var stream = File.OpenRead(archive))
        using (var reader = new CpioReader(stream))
        {
            while (reader.ReadNext() is CpioEntry entry)
            {
                names.Add(entry.Name);
                if (entry.Name == "init")
                {
                    using var ms = new MemoryStream();
                    reader.CopyDataTo(ms);
                    Assert.Equal("init"u8.ToArray(), ms.ToArray());
                }
            }

            Assert.Equal(2, reader.SegmentCount);
            Assert.Equal(CpioCompression.Gzip, reader.CurrentCompression);
        }

        Assert.Equal(["kernel", "kernel/x86", "kernel/x86/microcode", "kernel/x86/microcode/GenuineIntel.bin", ".", "bin", "init"], names);
    }

    private static byte[] BuildGzip(string source)
    {
        using var ms = new MemoryStream();
        using (var gzip = CpioCompressionStreams.CreateCompressor(ms, CpioCompression.Gzip, leaveOpen: true))
        using (var writer = new CpioWriter(gzip))
        {
            writer.WriteTree(source);
        }

        return ms.ToArray();
    }
}
