using System.Collections.Concurrent;
using System.Globalization;

namespace Pxe.Tftp;

/// <summary>Serves (and optionally receives) files held in memory, keyed by exact name. For tests, samples and generated content.</summary>
public sealed class InMemoryTftpFileProvider : ITftpFileProvider, ITftpWritableFileProvider
{
    private readonly ConcurrentDictionary<string, ReadOnlyMemory<byte>> _files = new(StringComparer.Ordinal);

    /// <summary>The default <see cref="MaxWriteSize"/>: 16 MiB.</summary>
    public const long DefaultMaxWriteSize = 16L * 1024 * 1024;

    /// <summary>Whether write requests may store files (default: <see langword="false"/>).</summary>
    public bool AllowWrite { get; set; }

    /// <summary>The largest file a write may store (default: <see cref="DefaultMaxWriteSize"/>).</summary>
    public long MaxWriteSize { get; set; } = DefaultMaxWriteSize;

    /// <summary>Adds or replaces a file.</summary>
    public void Set(string name, ReadOnlyMemory<byte> content) => _files[name] = content;

    /// <summary>Gets a file's content, for example one written by a client.</summary>
    public bool TryGet(string name, out ReadOnlyMemory<byte> content) => _files.TryGetValue(name, out content);

    /// <inheritdoc />
    public ValueTask<TftpOpenResult<ITftpReadableFile>> OpenReadAsync(TftpRequestContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new(_files.TryGetValue(context.FileName, out ReadOnlyMemory<byte> content)
            ? TftpOpenResult<ITftpReadableFile>.Success(new MemoryTftpFile(content))
            : TftpOpenResult<ITftpReadableFile>.Error(TftpErrorCode.FileNotFound, "file not found"));
    }

    /// <inheritdoc />
    public ValueTask<TftpOpenResult<ITftpWritableFile>> OpenWriteAsync(TftpRequestContext context, long? announcedSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!AllowWrite)
        {
            return new(TftpOpenResult<ITftpWritableFile>.Error(TftpErrorCode.AccessViolation, "writes are disabled"));
        }

        if (announcedSize > MaxWriteSize)
        {
            return new(TftpOpenResult<ITftpWritableFile>.Error(TftpErrorCode.DiskFull, string.Create(CultureInfo.InvariantCulture, $"file larger than the limit of {MaxWriteSize} bytes")));
        }

        return new(TftpOpenResult<ITftpWritableFile>.Success(new Writer(this, context.FileName)));
    }

    private sealed class Writer(InMemoryTftpFileProvider owner, string name) : ITftpWritableFile
    {
        private readonly MemoryStream _buffer = new();

        public void Write(ReadOnlySpan<byte> data)
        {
            if (_buffer.Length + data.Length > owner.MaxWriteSize)
            {
                ThrowHelper.ThrowTransferFailed(TftpErrorCode.DiskFull, "file larger than the limit");
            }

            _buffer.Write(data);
        }

        public void Commit() => owner._files[name] = _buffer.ToArray();

        public void Dispose() => _buffer.Dispose();
    }
}
