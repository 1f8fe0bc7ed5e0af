using System.Buffers.Binary;
using System.Diagnostics;

namespace Pxe.Nfs;

/// <summary>
/// Writes XDR (RFC 4506) items into a span without allocating. Writes are sticky: the first one that does not fit
/// sets <see cref="HasOverflowed"/> and every later write is ignored, so a message can be written straight through
/// and checked once. The <c>TryWrite</c> forms report the outcome of a single item.
/// </summary>
/// <remarks>Variable-length items can be written in place: <see cref="BeginOpaque"/> reserves the length slot and
/// returns a token, <see cref="EndOpaque"/> back-patches the length and adds the padding.</remarks>
[DebuggerDisplay("BytesWritten = {BytesWritten}, Overflowed = {HasOverflowed}")]
public ref struct XdrWriter
{
    private readonly Span<byte> _destination;
    private int _position;
    private bool _overflowed;

    /// <summary>Creates a writer at the start of <paramref name="destination"/>.</summary>
    public XdrWriter(Span<byte> destination)
    {
        _destination = destination;
        _position = 0;
        _overflowed = false;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int BytesWritten => _position;

    /// <summary>Bytes still free in the destination.</summary>
    public readonly int Remaining => _destination.Length - _position;

    /// <summary>Whether a write did not fit; the message is then incomplete.</summary>
    public readonly bool HasOverflowed => _overflowed;

    /// <summary>The free part of the destination, for writing a payload in place (then call <see cref="Advance"/>).</summary>
    public readonly Span<byte> FreeSpan => _destination[_position..];

    /// <summary>Moves the position back to <paramref name="position"/> and clears the overflow flag (used to replace a partial reply).</summary>
    public void Rewind(int position)
    {
        Debug.Assert(position >= 0 && position <= _position);
        _position = position;
        _overflowed = false;
    }

    /// <summary>Marks <paramref name="count"/> bytes of <see cref="FreeSpan"/> as written.</summary>
    public void Advance(int count)
    {
        if (count < 0 || count > Remaining)
        {
            _overflowed = true;
            return;
        }

        _position += count;
    }

    /// <summary>Writes an unsigned 32-bit integer (4 bytes).</summary>
    public bool TryWriteUInt32(uint value)
    {
        if (_overflowed || Remaining < 4)
        {
            _overflowed = true;
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(_destination.Slice(_position, 4), value);
        _position += 4;
        return true;
    }

    /// <summary>Writes an unsigned 32-bit integer (4 bytes), sticky on overflow.</summary>
    public void WriteUInt32(uint value) => TryWriteUInt32(value);

    /// <summary>Writes a signed 32-bit integer (4 bytes), sticky on overflow.</summary>
    public void WriteInt32(int value) => TryWriteUInt32((uint)value);

    /// <summary>Writes an unsigned hyper (8 bytes).</summary>
    public bool TryWriteUInt64(ulong value)
    {
        if (_overflowed || Remaining < 8)
        {
            _overflowed = true;
            return false;
        }

        BinaryPrimitives.WriteUInt64BigEndian(_destination.Slice(_position, 8), value);
        _position += 8;
        return true;
    }

    /// <summary>Writes an unsigned hyper (8 bytes), sticky on overflow.</summary>
    public void WriteUInt64(ulong value) => TryWriteUInt64(value);

    /// <summary>Writes a signed hyper (8 bytes), sticky on overflow.</summary>
    public void WriteInt64(long value) => TryWriteUInt64((ulong)value);

    /// <summary>Writes a boolean (4 bytes), sticky on overflow.</summary>
    public void WriteBoolean(bool value) => TryWriteUInt32(value ? 1u : 0u);

    /// <summary>Writes fixed-length opaque data plus zero padding.</summary>
    public bool TryWriteFixedOpaque(scoped ReadOnlySpan<byte> value)
    {
        int padded = XdrLimits.Pad(value.Length);
        if (_overflowed || Remaining < padded)
        {
            _overflowed = true;
            return false;
        }

        Span<byte> slot = _destination.Slice(_position, padded);
        value.CopyTo(slot);
        slot[value.Length..].Clear();
        _position += padded;
        return true;
    }

    /// <summary>Writes fixed-length opaque data plus padding, sticky on overflow.</summary>
    public void WriteFixedOpaque(scoped ReadOnlySpan<byte> value) => TryWriteFixedOpaque(value);

    /// <summary>Writes variable-length opaque data: a 4-byte length, the bytes and padding.</summary>
    public bool TryWriteOpaque(scoped ReadOnlySpan<byte> value)
    {
        if (_overflowed || Remaining < 4 + XdrLimits.Pad(value.Length))
        {
            _overflowed = true;
            return false;
        }

        TryWriteUInt32((uint)value.Length);
        return TryWriteFixedOpaque(value);
    }

    /// <summary>Writes variable-length opaque data, sticky on overflow.</summary>
    public void WriteOpaque(scoped ReadOnlySpan<byte> value) => TryWriteOpaque(value);

    /// <summary>Writes a string's bytes, sticky on overflow.</summary>
    public void WriteString(scoped ReadOnlySpan<byte> value) => TryWriteOpaque(value);

    /// <summary>Reserves the length slot of a variable-length opaque and returns the token for <see cref="EndOpaque"/>.</summary>
    public XdrLengthToken BeginOpaque()
    {
        int slot = _position;
        TryWriteUInt32(0);
        return new XdrLengthToken(slot);
    }

    /// <summary>Back-patches the length of the opaque started by <paramref name="token"/> and pads it.</summary>
    public void EndOpaque(XdrLengthToken token)
    {
        if (_overflowed)
        {
            return;
        }

        int length = _position - token.Offset - 4;
        BinaryPrimitives.WriteUInt32BigEndian(_destination.Slice(token.Offset, 4), (uint)length);
        int pad = XdrLimits.Pad(length) - length;
        if (Remaining < pad)
        {
            _overflowed = true;
            return;
        }

        _destination.Slice(_position, pad).Clear();
        _position += pad;
    }

    /// <summary>Overwrites a 32-bit value written earlier at <paramref name="offset"/>.</summary>
    public readonly void PatchUInt32(int offset, uint value) =>
        BinaryPrimitives.WriteUInt32BigEndian(_destination.Slice(offset, 4), value);
}

/// <summary>The reserved length slot of a variable-length item, returned by <see cref="XdrWriter.BeginOpaque"/>.</summary>
/// <param name="Offset">Where the 4-byte length goes.</param>
public readonly record struct XdrLengthToken(int Offset);
