using System.Buffers.Binary;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Pxe.Nfs;

/// <summary>
/// An NFSv3 file handle as this server issues it: 32 opaque bytes (RFC 1813 §2.4 allows up to 64):
/// <code>
///  0      1         2..3      4..11     12..19     20..23      24..31
/// | ver=1 | export | 0 0     | device  | file id  | reserved  | MAC (SipHash-2-4) |
/// </code>
/// The handle depends only on the export's position, the device and the inode, so it survives a server restart;
/// the MAC (SipHash-2-4 keyed per server, <see cref="SipHash"/>) makes a forged or corrupted handle fail with BADHANDLE before any file system access.
/// </summary>
[DebuggerDisplay("export={ExportIndex} dev={Node.Device} ino={Node.FileId}")]
public struct NfsFileHandle : IEquatable<NfsFileHandle>
{
    /// <summary>The encoded length of handles this server issues.</summary>
    public const int EncodedLength = 32;

    private const byte CurrentVersion = 1;
    private const int MacOffset = 24;
    private const int MacLength = 8;
    private HandleBytes _bytes;

    /// <summary>The raw handle bytes.</summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> Span => _bytes;

    /// <summary>The export the handle belongs to.</summary>
    public readonly int ExportIndex => _bytes[1];

    /// <summary>The file the handle names.</summary>
    public readonly NfsNodeId Node => new(BinaryPrimitives.ReadUInt64BigEndian(((ReadOnlySpan<byte>)_bytes).Slice(4, 8)), BinaryPrimitives.ReadUInt64BigEndian(((ReadOnlySpan<byte>)_bytes).Slice(12, 8)));

    /// <summary>Builds and signs a handle.</summary>
    /// <param name="exportIndex">The export's index (0–255).</param>
    /// <param name="node">The file.</param>
    /// <param name="key">The MAC key: at least 16 bytes.</param>
    public static NfsFileHandle Create(int exportIndex, NfsNodeId node, ReadOnlySpan<byte> key)
    {
        var handle = default(NfsFileHandle);
        Span<byte> b = handle._bytes;
        b[0] = CurrentVersion;
        b[1] = (byte)exportIndex;
        BinaryPrimitives.WriteUInt64BigEndian(b.Slice(4, 8), node.Device);
        BinaryPrimitives.WriteUInt64BigEndian(b.Slice(12, 8), node.FileId);
        BinaryPrimitives.WriteUInt64LittleEndian(b[MacOffset..], SipHash.Compute(key, b[..MacOffset]));
        return handle;
    }

    /// <summary>Checks the length, version and MAC of a handle received from a client.</summary>
    public static bool TryParse(ReadOnlySpan<byte> source, ReadOnlySpan<byte> key, out NfsFileHandle handle)
    {
        handle = default;
        if (source.Length != EncodedLength || source[0] != CurrentVersion || source[2] != 0 || source[3] != 0)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[MacLength];
        BinaryPrimitives.WriteUInt64LittleEndian(mac, SipHash.Compute(key, source[..MacOffset]));
        if (!CryptographicOperations.FixedTimeEquals(mac, source.Slice(MacOffset, MacLength)))
        {
            return false;
        }

        source.CopyTo(handle._bytes);
        return true;
    }

    /// <summary>Parses a handle without checking its MAC (for clients, which treat handles as opaque).</summary>
    public static bool TryCreateOpaque(ReadOnlySpan<byte> source, out NfsFileHandle handle)
    {
        handle = default;
        if (source.Length != EncodedLength)
        {
            return false;
        }

        source.CopyTo(handle._bytes);
        return true;
    }

    /// <inheritdoc />
    public readonly bool Equals(NfsFileHandle other) => ((ReadOnlySpan<byte>)_bytes).SequenceEqual(other._bytes);

    /// <inheritdoc />
    public override readonly bool Equals(object? obj) => obj is NfsFileHandle other && Equals(other);

    /// <inheritdoc />
    public override readonly int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    /// <summary>Compares two handles.</summary>
    public static bool operator ==(NfsFileHandle left, NfsFileHandle right) => left.Equals(right);

    /// <summary>Compares two handles.</summary>
    public static bool operator !=(NfsFileHandle left, NfsFileHandle right) => !left.Equals(right);

    [InlineArray(EncodedLength)]
    private struct HandleBytes
    {
        private byte _element0;
    }
}
