using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Pxe.Tftp;

/// <summary>
/// A readable file over an open operating-system handle, read with positional reads (<see cref="RandomAccess"/>)
/// through a read-ahead buffer of <see cref="ReadAheadLength"/> bytes, so small blocks cost one <c>pread(2)</c> per
/// buffer rather than one per block. A retransmission inside the buffer is served from memory, and
/// <see cref="Prefetch"/> fills the buffer while the transfer waits for an ACK, so the answer to the ACK reads nothing.
/// </summary>
internal sealed class HandleTftpFile : ITftpReadableFile
{
    /// <summary>The read-ahead size: two of the largest blocks, so any block fits.</summary>
    public const int ReadAheadLength = 2 * TftpLimits.MaxBlockSize;

    private readonly SafeFileHandle _handle;
    private byte[]? _buffer;
    private long _bufferOffset;
    private int _bufferLength;

    public HandleTftpFile(SafeFileHandle handle, long length)
    {
        _handle = handle;
        Length = length;
    }

    public long Length { get; }

    public int Read(long offset, Span<byte> destination)
    {
        if (destination.Length > ReadAheadLength)
        {
            return ReadDirect(offset, destination);
        }

        Fill(offset, destination.Length);
        int available = (int)Math.Max(0, Math.Min(destination.Length, _bufferOffset + _bufferLength - offset));
        _buffer.AsSpan((int)(offset - _bufferOffset), available).CopyTo(destination);
        return available;
    }

    public void Prefetch(long offset, int count)
    {
        if (count <= ReadAheadLength && offset >= 0 && offset < Length)
        {
            Fill(offset, count);
        }
    }

    public void Dispose()
    {
        _handle.Dispose();
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Makes the buffer hold [offset, offset + count) (as far as the file goes), reading from offset if it does not.</summary>
    private void Fill(long offset, int count)
    {
        _buffer ??= ArrayPool<byte>.Shared.Rent(ReadAheadLength);
        if (offset < _bufferOffset || offset + count > _bufferOffset + _bufferLength)
        {
            _bufferOffset = offset;
            _bufferLength = ReadDirect(offset, _buffer.AsSpan(0, ReadAheadLength));
        }
    }

    private int ReadDirect(long offset, Span<byte> destination)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int n = RandomAccess.Read(_handle, destination[total..], offset + total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
