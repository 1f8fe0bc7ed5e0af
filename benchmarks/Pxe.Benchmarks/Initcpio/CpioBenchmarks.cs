using System.Buffers;
using BenchmarkDotNet.Attributes;
using Pxe.Initcpio;

namespace Pxe.Benchmarks.Initcpio;

/// <summary>
/// The cpio hot paths: encoding and decoding one newc header (0 B allocated), and streaming a 64-entry archive of
/// 4 KiB files through <see cref="CpioWriter"/> into a reused buffer (0 B per entry; the writer itself is one object).
/// </summary>
[BenchmarkCategory("Initcpio.Cpio")]
public class CpioBenchmarks
{
    private const string Name = "usr/lib/modules/6.1.0-57-amd64/kernel/fs/nfs/nfsv3.ko";
    private readonly byte[] _buffer = new byte[CpioLimits.MaxEncodedHeaderLength];
    private readonly byte[] _header = new byte[CpioLimits.MaxEncodedHeaderLength];
    private readonly byte[] _file = new byte[4096];
    private readonly string[] _names = [.. Enumerable.Range(0, 64).Select(i => $"lib/modules/6.1.0/kernel/drivers/net/module{i:D2}.ko")];
    private readonly MemoryStream _archive = new(new byte[64 * 5000], 0, 64 * 5000, writable: true, publiclyVisible: true);
    private CpioEntryHeader _entry;

    /// <summary>Prepares an encoded header to decode.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _entry = new CpioEntryHeader { Inode = 7, Mode = 0x81A4, LinkCount = 1, ModificationTime = 1_700_000_000, FileSize = 123_456 };
        CpioHeaderWriter.TryWrite(_header, _entry, "usr/lib/modules/6.1.0-57-amd64/kernel/fs/nfs/nfsv3.ko"u8, CpioFormat.Newc, out _);
        new Random(1).NextBytes(_file);
    }

    /// <summary>Encodes one header with a 54-byte name.</summary>
    [Benchmark(Baseline = true)]
    public int EncodeHeader()
    {
        CpioHeaderWriter.TryWrite(_buffer, _entry, "usr/lib/modules/6.1.0-57-amd64/kernel/fs/nfs/nfsv3.ko"u8, CpioFormat.Newc, out int written);
        return written;
    }

    /// <summary>Validates and decodes one header.</summary>
    [Benchmark]
    public uint DecodeHeader()
    {
        CpioHeader.TryRead(_header, out CpioHeader header, out _, out _);
        return header.ToEntryHeader().FileSize;
    }

    /// <summary>Writes 64 files of 4 KiB (names from strings, UTF-8 encoded on the stack) and the trailer.</summary>
    [Benchmark(OperationsPerInvoke = 64)]
    public long WriteArchive()
    {
        _archive.Position = 0;
        using var writer = new CpioWriter(_archive, leaveOpen: true);
        foreach (string name in _names)
        {
            writer.WriteFile(name, _file);
        }

        writer.Complete();
        return writer.BytesWritten;
    }

    /// <summary>The name used by the header benchmarks (for the report).</summary>
    public static string HeaderName => Name;
}
