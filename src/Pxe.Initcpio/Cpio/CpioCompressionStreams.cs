using System.IO.Compression;

namespace Pxe.Initcpio;

/// <summary>Creates compressing streams whose output depends only on the input bytes (reproducible images).</summary>
public static class CpioCompressionStreams
{
    /// <summary>The zstd level used by <see cref="CreateCompressor"/> (default 19 is slow; mkinitcpio uses -3).</summary>
    public const int ZstdLevel = 3;

    /// <summary>
    /// Wraps <paramref name="output"/> in a compressor for <paramref name="compression"/>; for
    /// <see cref="CpioCompression.None"/> returns <paramref name="output"/> itself. Dispose the returned stream to
    /// finish the compressed stream.
    /// </summary>
    /// <remarks>
    /// gzip output is reproducible: <see cref="GZipStream"/> (zlib) writes a header whose modification time is 0
    /// and carries no file name, so the same input gives the same bytes on every run.
    /// </remarks>
    public static Stream CreateCompressor(Stream output, CpioCompression compression, bool leaveOpen = false) => compression switch
    {
        CpioCompression.None => output,
        CpioCompression.Gzip => new GZipStream(output, CompressionLevel.Optimal, leaveOpen),
        CpioCompression.Zstd => new ZstdSharp.CompressionStream(output, ZstdLevel, leaveOpen: leaveOpen),
        _ => throw new ArgumentOutOfRangeException(nameof(compression)),
    };

    /// <summary>
    /// Like <see cref="CreateCompressor"/>, but the compressor runs on its own thread behind a bounded queue of
    /// 256 KiB chunks (at most 4 MiB in flight), so the caller's file reading and framing overlap with compression.
    /// The bytes produced are the same as with <see cref="CreateCompressor"/>. Disposing flushes, waits for the
    /// compressor and throws <see cref="IOException"/> if it failed.
    /// </summary>
    public static Stream CreateBackgroundCompressor(Stream output, CpioCompression compression, bool leaveOpen = false) =>
        compression == CpioCompression.None ? output : new BackgroundCompressionStream(CreateCompressor(output, compression, leaveOpen));
}
