namespace Pxe.Tftp;

/// <summary>A readable file over bytes in memory.</summary>
public sealed class MemoryTftpFile : ITftpReadableFile
{
    private readonly ReadOnlyMemory<byte> _content;

    /// <summary>Creates a file over <paramref name="content"/> (not copied).</summary>
    public MemoryTftpFile(ReadOnlyMemory<byte> content) => _content = content;

    /// <inheritdoc />
    public long Length => _content.Length;

    /// <inheritdoc />
    public int Read(long offset, Span<byte> destination)
    {
        if ((ulong)offset >= (ulong)_content.Length)
        {
            return 0;
        }

        ReadOnlySpan<byte> source = _content.Span[(int)offset..];
        int n = Math.Min(source.Length, destination.Length);
        source[..n].CopyTo(destination);
        return n;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
