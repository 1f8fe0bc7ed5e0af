using System.Buffers;
using System.Collections.Concurrent;

namespace Pxe.Initcpio;

/// <summary>
/// A write-only stream that hands 256 KiB chunks to a compressor running on its own thread, so reading files and
/// framing entries overlap with compression (the two-process shape of <c>cpio -o | gzip</c>). At most
/// <see cref="MaxQueuedChunks"/> chunks wait, so memory stays bounded. Disposing flushes, waits for the compressor
/// and rethrows its failure.
/// </summary>
internal sealed class BackgroundCompressionStream : Stream
{
    private const int ChunkLength = 256 * 1024;
    private const int MaxQueuedChunks = 16;
    private readonly BlockingCollection<(byte[] Buffer, int Length)> _queue = new(MaxQueuedChunks);
    private readonly CancellationTokenSource _failed = new();
    private readonly Stream _compressor;
    private readonly Task _worker;
    private Exception? _failure;
    private byte[] _current = ArrayPool<byte>.Shared.Rent(ChunkLength);
    private int _used;
    private bool _disposed;

    public BackgroundCompressionStream(Stream compressor)
    {
        _compressor = compressor;
        _worker = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_disposed;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (!buffer.IsEmpty)
        {
            int n = Math.Min(buffer.Length, ChunkLength - _used);
            buffer[..n].CopyTo(_current.AsSpan(_used));
            _used += n;
            buffer = buffer[n..];
            if (_used == ChunkLength)
            {
                Enqueue();
            }
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (_disposed || !disposing)
        {
            base.Dispose(disposing);
            return;
        }

        _disposed = true;
        try
        {
            if (_used > 0)
            {
                Enqueue();
            }
        }
        finally
        {
            _queue.CompleteAdding();
            _worker.GetAwaiter().GetResult();
            ArrayPool<byte>.Shared.Return(_current);
            _queue.Dispose();
            _failed.Dispose();
            base.Dispose(disposing);
        }

        if (_failure is not null)
        {
            throw new IOException("compressing the archive failed: " + _failure.Message, _failure);
        }
    }

    private void Enqueue()
    {
        try
        {
            _queue.Add((_current, _used), _failed.Token);
        }
        catch (OperationCanceledException)
        {
            throw new IOException("compressing the archive failed: " + _failure?.Message, _failure);
        }

        _current = ArrayPool<byte>.Shared.Rent(ChunkLength);
        _used = 0;
    }

    private void Run()
    {
        try
        {
            foreach ((byte[] buffer, int length) in _queue.GetConsumingEnumerable())
            {
                try
                {
                    if (_failure is null)
                    {
                        _compressor.Write(buffer, 0, length);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }

            _compressor.Dispose();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            _failure = ex;
            _failed.Cancel();
            foreach ((byte[] buffer, _) in _queue.GetConsumingEnumerable())
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
