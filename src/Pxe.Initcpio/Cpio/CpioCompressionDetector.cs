namespace Pxe.Initcpio;

/// <summary>Recognises a segment's compression from its first bytes, the way the kernel's <c>decompress_method()</c> does.</summary>
internal static class CpioCompressionDetector
{
    public static CpioCompression Detect(ReadOnlySpan<byte> head, out bool unsupported)
    {
        unsupported = false;
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]) || head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x9E]))
        {
            return CpioCompression.Gzip;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]))
        {
            return CpioCompression.Zstd;
        }

        // xz, lzma, bzip2, lz4 (legacy frame), lzo: lib/decompress.c's compressed_formats table.
        unsupported =
            head.StartsWith((ReadOnlySpan<byte>)[0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) ||
            head.StartsWith((ReadOnlySpan<byte>)[0x5D, 0x00, 0x00]) ||
            head.StartsWith("BZh"u8) ||
            head.StartsWith((ReadOnlySpan<byte>)[0x02, 0x21]) ||
            head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x4C]);
        return CpioCompression.None;
    }
}
