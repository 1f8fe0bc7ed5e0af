namespace Pxe.Initcpio.Tests.Cpio;

/// <summary>The background compressor gives the same bytes as the inline one and surfaces failures without hanging.</summary>
public sealed class BackgroundCompressionTests
{
    [Theory]
    [InlineData(CpioCompression.Gzip)]
    [InlineData(CpioCompression.Zstd)]
    public void SameBytesAsTheInlineCompressor(CpioCompression compression)
    {
        byte[] data = new byte[3_000_000];
        new Random(7).NextBytes(data.AsSpan(0, 1_000_000));
        Assert.Equal(Compress(data, compression, background: false), Compress(data, compression, background: true));
    }

    [Fact]
    public async Task AFailingOutputIsReportedNotHung()
    {
        var output = new FailingStream();
        Stream stream = CpioCompressionStreams.CreateBackgroundCompressor(output, CpioCompression.Gzip);
        byte[] chunk = new byte[1 << 20];
        new Random(3).NextBytes(chunk);
        var task = Task.Run(() =>
        {
            for (int i = 0; i < 200; i++)
            {
                stream.Write(chunk);
            }

            stream.Dispose();
        });
        Task finished = await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.True(finished == task, "the writer hung");
        IOException ex = await Assert.ThrowsAsync<IOException>(() => task);
        Assert.Contains("disk full", ex.Message, StringComparison.Ordinal);
    }

    private static byte[] Compress(byte[] data, CpioCompression compression, bool background)
    {
        using var ms = new MemoryStream();
        using (Stream s = background ? CpioCompressionStreams.CreateBackgroundCompressor(ms, compression, leaveOpen: true) : CpioCompressionStreams.CreateCompressor(ms, compression, leaveOpen: true))
        {
            for (int offset = 0; offset < data.Length; offset += 7777)
            {
                s.Write(data.AsSpan(offset, Math.Min(7777, data.Length - offset)));
            }
        }

        return ms.ToArray();
    }

    private sealed class FailingStream : MemoryStream
    {
        public override void Write(ReadOnlySpan<byte> buffer) => throw new IOException("disk full");

        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("disk full");
    }
}
