using System.Buffers;
using System.IO.Compression;
using System.Text;

namespace Pxe.Initcpio;

/// <summary>
/// Reads an initramfs-style archive from a stream, one entry at a time: ASCII cpio (<c>newc</c> and <c>crc</c>),
/// compressed with gzip or zstd or not, and concatenated segments (an uncompressed early archive with CPU
/// microcode followed by a compressed main archive, as the kernel unpacks them).
/// </summary>
/// <remarks>
/// <para>The Try form (<see cref="TryReadNext(out CpioEntry?)"/>) is the API: malformed input gives a
/// <see cref="CpioParseStatus"/>, never an exception. <see cref="ReadNext"/> wraps it and throws
/// <see cref="CpioContentException"/>.</para>
/// <para>Segments: after a trailer, NUL padding is skipped; then another <c>0707</c> header, a gzip stream
/// (<c>1F 8B</c>) or a zstd frame (<c>28 B5 2F FD</c>) may follow. Whatever follows a compressed segment must be
/// part of that compressed stream (gzip members and zstd frames may be concatenated), because a decompressor
/// reads ahead from the stream. xz, lzma, bzip2, lz4 and lzo are recognised and refused with
/// <see cref="CpioParseStatus.UnsupportedCompression"/>.</para>
/// </remarks>
public sealed class CpioReader : IDisposable
{
    private const int BufferLength = 64 * 1024;
    private readonly Stream _input;
    private readonly bool _leaveOpen;
    private Stream _source;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private bool _compressed;
    private long _offset;
    private long _dataRemaining;
    private int _dataPadding;
    private bool _verifySum;
    private uint _sum;
    private uint _expectedSum;
    private bool _atSegmentStart = true;
    private CpioParseStatus _failed;

    /// <summary>Creates a reader over <paramref name="input"/>.</summary>
    public CpioReader(Stream input, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        _input = input;
        _source = input;
        _leaveOpen = leaveOpen;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferLength);
    }

    /// <summary>How many archive segments have been started (1 for a plain archive).</summary>
    public int SegmentCount { get; private set; }

    /// <summary>The compression of the segment being read.</summary>
    public CpioCompression CurrentCompression { get; private set; }

    /// <summary>Bytes of the current (decompressed) segment stream consumed so far, for error messages.</summary>
    public long Offset => _offset;

    /// <summary>
    /// Reads the next entry header. Returns <see cref="CpioParseStatus.Success"/> with <paramref name="entry"/> set, or
    /// with <paramref name="entry"/> <see langword="null"/> at the end of the last segment; any other status means the
    /// archive is malformed (and every later call returns the same status). Unread data of the previous entry is skipped.
    /// </summary>
    public CpioParseStatus TryReadNext(out CpioEntry? entry)
    {
        entry = null;
        if (_failed != CpioParseStatus.Success)
        {
            return _failed;
        }

        CpioParseStatus status = ReadNextCore(out entry);
        if (status != CpioParseStatus.Success)
        {
            _failed = status;
            entry = null;
        }

        return status;
    }

    /// <summary>Reads the next entry, or returns <see langword="null"/> at the end of the archive.</summary>
    /// <exception cref="CpioContentException">The archive is malformed.</exception>
    public CpioEntry? ReadNext()
    {
        CpioParseStatus status = TryReadNext(out CpioEntry? entry);
        if (status != CpioParseStatus.Success)
        {
            ThrowHelper.ThrowContent(status, _offset);
        }

        return entry;
    }

    /// <summary>
    /// Reads data of the current entry into <paramref name="destination"/>; returns 0 at the end of the entry's
    /// data. Throws <see cref="CpioContentException"/> when the archive ends inside the data or a crc sum fails.
    /// </summary>
    public int ReadData(Span<byte> destination)
    {
        if (_dataRemaining == 0 || destination.IsEmpty)
        {
            return 0;
        }

        int want = (int)Math.Min(destination.Length, _dataRemaining);
        if (_end == _start && !Fill(1))
        {
            _failed = _failed == CpioParseStatus.Success ? CpioParseStatus.Truncated : _failed;
            ThrowHelper.ThrowContent(_failed, _offset);
        }

        int n = Math.Min(want, _end - _start);
        _buffer.AsSpan(_start, n).CopyTo(destination);
        Consume(n);
        if (_verifySum)
        {
            _sum = CpioWriter.Sum(destination[..n], _sum);
        }

        _dataRemaining -= n;
        if (_dataRemaining == 0 && _verifySum && _sum != _expectedSum)
        {
            _failed = CpioParseStatus.ChecksumMismatch;
            ThrowHelper.ThrowContent(_failed, _offset);
        }

        return n;
    }

    /// <summary>Copies the rest of the current entry's data to <paramref name="destination"/>.</summary>
    public void CopyDataTo(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        byte[] chunk = ArrayPool<byte>.Shared.Rent(BufferLength);
        try
        {
            int n;
            while ((n = ReadData(chunk)) > 0)
            {
                destination.Write(chunk, 0, n);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>Returns the buffer to the pool and closes the stream unless it was left open.</summary>
    public void Dispose()
    {
        if (_buffer.Length == 0)
        {
            return;
        }

        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        if (!ReferenceEquals(_source, _input))
        {
            _source.Dispose();
        }

        if (!_leaveOpen)
        {
            _input.Dispose();
        }
    }

    private CpioParseStatus ReadNextCore(out CpioEntry? entry)
    {
        entry = null;
        CpioParseStatus skip = SkipData();
        if (skip != CpioParseStatus.Success)
        {
            return skip;
        }

        if (_atSegmentStart)
        {
            CpioParseStatus segment = StartSegment(out bool end);
            if (segment != CpioParseStatus.Success || end)
            {
                return segment;
            }
        }

        int need = CpioLimits.HeaderLength;
        while (true)
        {
            Fill(need);
            OperationStatus op = CpioHeader.TryRead(_buffer.AsSpan(_start, _end - _start), out CpioHeader header, out int consumed, out CpioParseStatus status);
            if (op == OperationStatus.NeedMoreData)
            {
                if (_eof || _end - _start >= CpioLimits.MaxEncodedHeaderLength)
                {
                    return _failed != CpioParseStatus.Success ? _failed : CpioParseStatus.Truncated;
                }

                need = Math.Max(need + 1, Math.Min(CpioLimits.MaxEncodedHeaderLength, _end - _start + 1));
                if (header.NameSize == 0 && _end - _start >= CpioLimits.HeaderLength)
                {
                    // The name size is known: ask for exactly the header, name and padding.
                    uint nameSize = CpioHeader.ParseValidatedHex(_buffer.AsSpan(_start + CpioLayout.NameSizeOffset, CpioLayout.FieldLength));
                    int total = CpioLimits.HeaderLength + (int)nameSize;
                    need = total + CpioLayout.Padding(total);
                }

                continue;
            }

            if (op != OperationStatus.Done)
            {
                return status;
            }

            CpioEntryHeader fields = header.ToEntryHeader();
            bool trailer = header.IsTrailer;
            string name = Encoding.UTF8.GetString(header.Name);
            CpioFormat format = header.Format;
            Consume(consumed);
            _dataRemaining = fields.FileSize;
            _dataPadding = CpioLayout.Padding(fields.FileSize);
            _verifySum = format == CpioFormat.Crc;
            _sum = 0;
            _expectedSum = fields.Check;
            if (trailer)
            {
                CpioParseStatus end = SkipData();
                if (end != CpioParseStatus.Success)
                {
                    return end;
                }

                _atSegmentStart = true;
                return ReadNextCore(out entry);
            }

            string? target = null;
            if (fields.Type == CpioEntryType.SymbolicLink)
            {
                if (fields.FileSize == 0 || fields.FileSize > CpioLimits.MaxLinkTargetLength)
                {
                    return CpioParseStatus.BadLinkTarget;
                }

                int length = (int)fields.FileSize;
                if (!Fill(length))
                {
                    return _failed != CpioParseStatus.Success ? _failed : CpioParseStatus.Truncated;
                }

                ReadOnlySpan<byte> bytes = _buffer.AsSpan(_start, length);
                // GNU cpio writes a check of 0 for symbolic links in the crc format; accept that as well as the true sum.
                if (_verifySum && _expectedSum != 0 && CpioWriter.Sum(bytes, 0) != _expectedSum)
                {
                    return CpioParseStatus.ChecksumMismatch;
                }

                target = Encoding.UTF8.GetString(bytes);
                Consume(length);
                _dataRemaining = 0;
            }

            entry = new CpioEntry(name, fields, format, target);
            return CpioParseStatus.Success;
        }
    }

    private CpioParseStatus SkipData()
    {
        while (_dataRemaining > 0)
        {
            if (!Fill(1))
            {
                return _failed != CpioParseStatus.Success ? _failed : CpioParseStatus.Truncated;
            }

            int n = (int)Math.Min(_end - _start, _dataRemaining);
            if (_verifySum)
            {
                _sum = CpioWriter.Sum(_buffer.AsSpan(_start, n), _sum);
            }

            Consume(n);
            _dataRemaining -= n;
            if (_dataRemaining == 0 && _verifySum && _sum != _expectedSum)
            {
                return CpioParseStatus.ChecksumMismatch;
            }
        }

        if (_dataPadding > 0)
        {
            // The last entry of a segment may omit its padding at the very end of the stream.
            Fill(_dataPadding);
            int n = Math.Min(_dataPadding, _end - _start);
            Consume(n);
            _dataPadding = 0;
        }

        return CpioParseStatus.Success;
    }

    private CpioParseStatus StartSegment(out bool end)
    {
        end = false;

        // Skip the NUL padding between segments (GNU cpio pads to 512 bytes, the kernel accepts any 4-byte-aligned run).
        while (true)
        {
            if (!Fill(1))
            {
                if (_failed != CpioParseStatus.Success)
                {
                    return _failed;
                }

                end = true;
                if (SegmentCount == 0)
                {
                    return CpioParseStatus.Truncated;
                }

                return CpioParseStatus.Success;
            }

            int zeros = _buffer.AsSpan(_start, _end - _start).IndexOfAnyExcept((byte)0);
            if (zeros < 0)
            {
                Consume(_end - _start);
                continue;
            }

            Consume(zeros);
            break;
        }

        Fill(6);
        ReadOnlySpan<byte> head = _buffer.AsSpan(_start, _end - _start);
        CpioCompression compression = CpioCompressionDetector.Detect(head, out bool unsupported);
        if (unsupported)
        {
            return CpioParseStatus.UnsupportedCompression;
        }

        if (compression != CpioCompression.None)
        {
            if (_compressed)
            {
                // Nested compression inside a decompressed stream is not an initramfs layout.
                return CpioParseStatus.BadSegment;
            }

            var rest = new PrefixedStream(_buffer.AsSpan(_start, _end - _start).ToArray(), _source);
            _source = compression == CpioCompression.Gzip
                ? new GZipStream(rest, CompressionMode.Decompress)
                : new ZstdSharp.DecompressionStream(rest);
            _start = _end = 0;
            _eof = false;
            _offset = 0;
            _compressed = true;
            CurrentCompression = compression;
            if (!Fill(1))
            {
                return _failed != CpioParseStatus.Success ? _failed : CpioParseStatus.Truncated;
            }
        }
        else if (head.Length < CpioLayout.MagicLength && CpioLayout.NewcMagic.StartsWith(head))
        {
            return CpioParseStatus.Truncated;
        }
        else if (!head.StartsWith("0707"u8))
        {
            return SegmentCount == 0 ? CpioParseStatus.BadMagic : CpioParseStatus.BadSegment;
        }

        SegmentCount++;
        _atSegmentStart = false;
        return CpioParseStatus.Success;
    }

    private void Consume(int count)
    {
        _start += count;
        _offset += count;
    }

    /// <summary>Ensures <paramref name="count"/> bytes are buffered; false when the stream ends first.</summary>
    private bool Fill(int count)
    {
        if (_end - _start >= count)
        {
            return true;
        }

        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        while (_end < count && !_eof)
        {
            int n;
            try
            {
                n = _source.Read(_buffer, _end, _buffer.Length - _end);
            }
            catch (Exception ex) when (_compressed && ex is InvalidDataException or ZstdSharp.ZstdException or IOException)
            {
                _failed = CpioParseStatus.BadCompressedData;
                _eof = true;
                return false;
            }

            if (n == 0)
            {
                _eof = true;
                break;
            }

            _end += n;
        }

        return _end - _start >= count;
    }
}
