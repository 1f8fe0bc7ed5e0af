using System.Buffers;
using System.Text;

namespace Pxe.Initcpio;

/// <summary>
/// Writes an ASCII cpio archive (<see cref="CpioFormat.Newc"/> or <see cref="CpioFormat.Crc"/>) to a stream, one
/// entry at a time, without buffering entries. Entries without an inode number get consecutive numbers from 1,
/// so the same sequence of calls always produces the same bytes.
/// </summary>
/// <remarks>
/// Hard links follow the GNU cpio and kernel convention: every name of the inode carries the same inode number and
/// link count, and only the last one carries the data (see <see cref="WriteHardLinks(IReadOnlyList{string}, ReadOnlySpan{byte}, UnixFileMode, uint, uint, uint)"/>).
/// Disposing writes the trailer if <see cref="Complete"/> has not been called.
/// </remarks>
public sealed partial class CpioWriter : IDisposable, IAsyncDisposable
{
    private const int CopyBufferLength = 128 * 1024;
    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private uint _nextInode = 1;
    private bool _completed;
    private bool _disposed;

    /// <summary>Creates a writer over <paramref name="output"/>.</summary>
    public CpioWriter(Stream output, CpioFormat format = CpioFormat.Newc, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        Format = format;
        _leaveOpen = leaveOpen;
    }

    /// <summary>The archive variant being written.</summary>
    public CpioFormat Format { get; }

    /// <summary>Bytes written so far, padding included.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Writes a directory entry.</summary>
    public void WriteDirectory(string name, UnixFileMode permissions = DefaultDirectoryMode, uint modificationTime = 0, uint uid = 0, uint gid = 0) =>
        WriteEntry(CpioEntryHeader.Create(CpioEntryType.Directory, permissions) with { ModificationTime = modificationTime, Uid = uid, Gid = gid }, name, ReadOnlySpan<byte>.Empty);

    /// <summary>Writes a regular file with <paramref name="content"/>.</summary>
    public void WriteFile(string name, ReadOnlySpan<byte> content, UnixFileMode permissions = DefaultFileMode, uint modificationTime = 0, uint uid = 0, uint gid = 0) =>
        WriteEntry(CpioEntryHeader.Create(CpioEntryType.RegularFile, permissions) with { ModificationTime = modificationTime, Uid = uid, Gid = gid }, name, content);

    /// <summary>Writes a symbolic link to <paramref name="target"/>.</summary>
    public void WriteSymbolicLink(string name, string target, uint modificationTime = 0, uint uid = 0, uint gid = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        byte[] bytes = Encoding.UTF8.GetBytes(target);
        if (bytes.Length > CpioLimits.MaxLinkTargetLength)
        {
            throw new ArgumentException($"a link target holds at most {CpioLimits.MaxLinkTargetLength} bytes", nameof(target));
        }

        WriteEntry(CpioEntryHeader.Create(CpioEntryType.SymbolicLink, (UnixFileMode)0x1FF) with { ModificationTime = modificationTime, Uid = uid, Gid = gid }, name, bytes);
    }

    /// <summary>Writes a character or block device node, a FIFO or a socket.</summary>
    /// <exception cref="ArgumentException"><paramref name="type"/> is not a device, FIFO or socket type.</exception>
    public void WriteNode(string name, CpioEntryType type, uint major, uint minor, UnixFileMode permissions = DefaultFileMode, uint modificationTime = 0, uint uid = 0, uint gid = 0)
    {
        if (type is not (CpioEntryType.CharacterDevice or CpioEntryType.BlockDevice or CpioEntryType.Fifo or CpioEntryType.Socket))
        {
            throw new ArgumentException($"{type} is not a node type", nameof(type));
        }

        WriteEntry(CpioEntryHeader.Create(type, permissions) with { RdevMajor = major, RdevMinor = minor, ModificationTime = modificationTime, Uid = uid, Gid = gid }, name, ReadOnlySpan<byte>.Empty);
    }

    /// <summary>Writes several names of one inode: all but the last with no data, the last with <paramref name="content"/>.</summary>
    public void WriteHardLinks(IReadOnlyList<string> names, ReadOnlySpan<byte> content, UnixFileMode permissions = DefaultFileMode, uint modificationTime = 0, uint uid = 0, uint gid = 0)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0)
        {
            throw new ArgumentException("at least one name is needed", nameof(names));
        }

        CpioEntryHeader header = CpioEntryHeader.Create(CpioEntryType.RegularFile, permissions) with
        {
            Inode = _nextInode++,
            LinkCount = (uint)names.Count,
            ModificationTime = modificationTime,
            Uid = uid,
            Gid = gid,
        };
        for (int i = 0; i < names.Count; i++)
        {
            WriteEntry(header, names[i], i == names.Count - 1 ? content : ReadOnlySpan<byte>.Empty);
        }
    }

    /// <summary>
    /// Writes one entry with <paramref name="data"/> as its body. <see cref="CpioEntryHeader.FileSize"/> and (for
    /// <see cref="CpioFormat.Crc"/>) <see cref="CpioEntryHeader.Check"/> are taken from <paramref name="data"/>; an
    /// <see cref="CpioEntryHeader.Inode"/> of 0 is replaced by the next inode number.
    /// </summary>
    public void WriteEntry(CpioEntryHeader header, string name, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(name);
        header = header with { FileSize = (uint)data.Length, Check = Format == CpioFormat.Crc ? Sum(data, 0) : 0 };
        WriteHeader(header, name);
        WriteRaw(data);
        WritePadding(data.Length);
    }

    /// <summary>
    /// Writes one entry whose body is the next <see cref="CpioEntryHeader.FileSize"/> bytes of <paramref name="data"/>,
    /// copied through a pooled buffer. For <see cref="CpioFormat.Crc"/> the stream must be seekable (it is read twice).
    /// </summary>
    /// <exception cref="EndOfStreamException"><paramref name="data"/> ends before <see cref="CpioEntryHeader.FileSize"/> bytes.</exception>
    /// <exception cref="NotSupportedException">The format is <see cref="CpioFormat.Crc"/> and <paramref name="data"/> cannot seek.</exception>
    public void WriteEntry(CpioEntryHeader header, string name, Stream data)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(data);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(CopyBufferLength);
        try
        {
            if (Format == CpioFormat.Crc)
            {
                if (!data.CanSeek)
                {
                    throw new NotSupportedException("the crc format needs a seekable stream to sum the data before the header");
                }

                long start = data.Position;
                uint sum = 0;
                long left = header.FileSize;
                while (left > 0)
                {
                    int n = data.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                    if (n == 0)
                    {
                        throw new EndOfStreamException($"the data stream for '{name}' ended {left} bytes early");
                    }

                    sum = Sum(buffer.AsSpan(0, n), sum);
                    left -= n;
                }

                data.Position = start;
                header = header with { Check = sum };
            }
            else
            {
                header = header with { Check = 0 };
            }

            WriteHeader(header, name);
            long remaining = header.FileSize;
            while (remaining > 0)
            {
                int n = data.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                if (n == 0)
                {
                    throw new EndOfStreamException($"the data stream for '{name}' ended {remaining} bytes early");
                }

                WriteRaw(buffer.AsSpan(0, n));
                remaining -= n;
            }

            WritePadding(header.FileSize);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes the <c>TRAILER!!!</c> entry; no entries may follow. Calling it twice does nothing.</summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        WriteHeader(new CpioEntryHeader { LinkCount = 1 }, CpioLimits.TrailerName, assignInode: false);
        _completed = true;
        _output.Flush();
    }

    /// <summary>Writes the trailer if needed and closes the stream unless it was left open.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Complete();
        _disposed = true;
        if (!_leaveOpen)
        {
            _output.Dispose();
        }
    }

    /// <summary>Writes the trailer if needed and closes the stream unless it was left open.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        Complete();
        _disposed = true;
        if (!_leaveOpen)
        {
            await _output.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The default directory permissions, 0755.</summary>
    public const UnixFileMode DefaultDirectoryMode = (UnixFileMode)0x1ED;

    /// <summary>The default file permissions, 0644.</summary>
    public const UnixFileMode DefaultFileMode = (UnixFileMode)0x1A4;

    private void WriteHeader(CpioEntryHeader header, string name, bool assignInode = true)
    {
        if (_completed)
        {
            ThrowHelper.ThrowCompleted();
        }

        if (assignInode && header.Inode == 0)
        {
            header = header with { Inode = _nextInode++ };
        }

        int nameBytes = Encoding.UTF8.GetByteCount(name);
        if (nameBytes == 0 || nameBytes >= CpioLimits.MaxNameLength)
        {
            ThrowHelper.ThrowBadName(nameBytes);
        }

        Span<byte> buffer = stackalloc byte[CpioLimits.MaxEncodedHeaderLength + CpioLimits.MaxNameLength];
        int encodedName = Encoding.UTF8.GetBytes(name, buffer[CpioLimits.MaxEncodedHeaderLength..]);
        ReadOnlySpan<byte> nameSpan = buffer.Slice(CpioLimits.MaxEncodedHeaderLength, encodedName);
        CpioHeaderWriter.TryWrite(buffer, header, nameSpan, Format, out int written);
        WriteRaw(buffer[..written]);
    }

    private void WriteRaw(ReadOnlySpan<byte> data)
    {
        _output.Write(data);
        BytesWritten += data.Length;
    }

    private void WritePadding(long dataLength)
    {
        int pad = CpioLayout.Padding(dataLength);
        if (pad > 0)
        {
            Span<byte> zeros = stackalloc byte[CpioLimits.Alignment];
            zeros.Clear();
            WriteRaw(zeros[..pad]);
        }
    }

    internal static uint Sum(ReadOnlySpan<byte> data, uint sum)
    {
        foreach (byte b in data)
        {
            sum += b;
        }

        return sum;
    }
}
