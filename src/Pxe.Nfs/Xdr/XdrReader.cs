using System.Buffers.Binary;
using System.Diagnostics;

namespace Pxe.Nfs;

/// <summary>
/// Reads XDR (RFC 4506) items from a span without allocating. Every <c>TryRead</c> either consumes the whole item and
/// returns <see langword="true"/>, or returns <see langword="false"/>, leaves <see cref="Position"/> unchanged and sets
/// its outs to <c>default</c> (treat them as uninitialized).
/// </summary>
/// <remarks>
/// Variable-length items are checked once, at the length prefix, against the caller's maximum and against the bytes
/// that remain, so a hostile 0xFFFFFFFF length never causes an allocation or an overflow.
/// </remarks>
[DebuggerDisplay("Position = {Position}, Remaining = {Remaining}")]
public ref struct XdrReader
{
    private readonly ReadOnlySpan<byte> _source;
    private int _position;

    /// <summary>Creates a reader at the start of <paramref name="source"/>.</summary>
    public XdrReader(ReadOnlySpan<byte> source)
    {
        _source = source;
        _position = 0;
    }

    /// <summary>Bytes consumed so far.</summary>
    public readonly int Position => _position;

    /// <summary>Bytes not yet consumed.</summary>
    public readonly int Remaining => _source.Length - _position;

    /// <summary>The unconsumed bytes.</summary>
    public readonly ReadOnlySpan<byte> UnreadSpan => _source[_position..];

    /// <summary>Reads an unsigned 32-bit integer (4 bytes, RFC 4506 §4.2).</summary>
    public bool TryReadUInt32(out uint value)
    {
        if (Remaining < 4)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt32BigEndian(_source.Slice(_position, 4));
        _position += 4;
        return true;
    }

    /// <summary>Reads a signed 32-bit integer (4 bytes, RFC 4506 §4.1).</summary>
    public bool TryReadInt32(out int value)
    {
        bool ok = TryReadUInt32(out uint raw);
        value = (int)raw;
        return ok;
    }

    /// <summary>Reads an unsigned hyper integer (8 bytes, RFC 4506 §4.5).</summary>
    public bool TryReadUInt64(out ulong value)
    {
        if (Remaining < 8)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt64BigEndian(_source.Slice(_position, 8));
        _position += 8;
        return true;
    }

    /// <summary>Reads a signed hyper integer (8 bytes, RFC 4506 §4.5).</summary>
    public bool TryReadInt64(out long value)
    {
        bool ok = TryReadUInt64(out ulong raw);
        value = (long)raw;
        return ok;
    }

    /// <summary>Reads a boolean (4 bytes); only 0 and 1 are valid (RFC 4506 §4.4).</summary>
    public bool TryReadBoolean(out bool value)
    {
        int start = _position;
        if (!TryReadUInt32(out uint raw) || raw > 1)
        {
            _position = start;
            value = false;
            return false;
        }

        value = raw == 1;
        return true;
    }

    /// <summary>Reads fixed-length opaque data of <paramref name="length"/> bytes plus padding (RFC 4506 §4.9).</summary>
    public bool TryReadFixedOpaque(int length, out ReadOnlySpan<byte> value)
    {
        int padded = XdrLimits.Pad(length);
        if (length < 0 || Remaining < padded)
        {
            value = default;
            return false;
        }

        value = _source.Slice(_position, length);
        _position += padded;
        return true;
    }

    /// <summary>Reads variable-length opaque data of at most <paramref name="maxLength"/> bytes (RFC 4506 §4.10).</summary>
    public bool TryReadOpaque(int maxLength, out ReadOnlySpan<byte> value)
    {
        int start = _position;
        if (!TryReadUInt32(out uint length) || length > (uint)maxLength || !TryReadFixedOpaque((int)length, out value))
        {
            _position = start;
            value = default;
            return false;
        }

        return true;
    }

    /// <summary>Reads a string (bytes, not decoded) of at most <paramref name="maxLength"/> bytes (RFC 4506 §4.11).</summary>
    public bool TryReadString(int maxLength, out ReadOnlySpan<byte> value) => TryReadOpaque(maxLength, out value);

    /// <summary>Skips <paramref name="count"/> bytes.</summary>
    public bool TrySkip(int count)
    {
        if (count < 0 || Remaining < count)
        {
            return false;
        }

        _position += count;
        return true;
    }
}
