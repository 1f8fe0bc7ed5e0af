using System.Buffers.Binary;
using System.Diagnostics;

namespace Pxe.Dhcp;

/// <summary>A reserved option header whose length <see cref="DhcpOptionWriter.TryEndOption"/> fills in.</summary>
public readonly struct DhcpOptionToken
{
    internal DhcpOptionToken(int start) => Start = start;

    internal int Start { get; }
}

/// <summary>
/// Writes options (or sub-options) into a <see cref="Span{T}"/>: code, length, value (RFC 2132 §2). Values longer
/// than 255 bytes are split into consecutive instances (RFC 3396 §5). Encapsulated options (43, 82, 175) reserve
/// their length with <see cref="TryBeginOption"/> and back-patch it with <see cref="TryEndOption"/>.
/// </summary>
/// <remarks>
/// Contract of every <c>TryWrite...</c>: on <see langword="false"/> nothing is consumed (<see cref="BytesWritten"/> is
/// unchanged); destination contents past <see cref="BytesWritten"/> are unspecified.
/// </remarks>
[DebuggerDisplay("{BytesWritten} bytes written")]
public ref struct DhcpOptionWriter
{
    private readonly Span<byte> _destination;
    private int _position;

    /// <summary>Creates a writer that starts at the beginning of <paramref name="destination"/>.</summary>
    public DhcpOptionWriter(Span<byte> destination)
    {
        _destination = destination;
        _position = 0;
    }

    /// <summary>The number of bytes written so far.</summary>
    public readonly int BytesWritten => _position;

    /// <summary>The bytes written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _destination[.._position];

    /// <summary>The encoded length of <paramref name="valueLength"/> bytes of value, split per RFC 3396 (2 bytes of header per 255 bytes).</summary>
    public static int GetEncodedLength(int valueLength) =>
        valueLength == 0 ? 2 : valueLength + (2 * ((valueLength + DhcpLimits.MaxOptionDataLength - 1) / DhcpLimits.MaxOptionDataLength));

    /// <summary>Writes one option; values longer than 255 bytes become several consecutive instances (RFC 3396).</summary>
    /// <remarks>Writes exactly <see cref="GetEncodedLength"/>(<paramref name="value"/>.Length) bytes.</remarks>
    public bool TryWrite(DhcpOptionCode code, scoped ReadOnlySpan<byte> value)
    {
        if (code is DhcpOptionCode.Pad or DhcpOptionCode.End)
        {
            ThrowHelper.ThrowArgument(nameof(code), "PAD and END have no length octet; use TryWritePad/TryWriteEnd");
        }

        int needed = GetEncodedLength(value.Length);
        if (_destination.Length - _position < needed)
        {
            return false;
        }

        Span<byte> d = _destination[_position..];
        int pos = 0;
        do
        {
            int chunk = Math.Min(value.Length, DhcpLimits.MaxOptionDataLength);
            d[pos] = (byte)code;
            d[pos + 1] = (byte)chunk;
            value[..chunk].CopyTo(d[(pos + 2)..]);
            pos += 2 + chunk;
            value = value[chunk..];
        }
        while (!value.IsEmpty);

        _position += pos;
        return true;
    }

    /// <summary>Writes a one-byte option.</summary>
    public bool TryWriteByte(DhcpOptionCode code, byte value) => TryWrite(code, [value]);

    /// <summary>Writes a 16-bit option, network order.</summary>
    public bool TryWriteUInt16(DhcpOptionCode code, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return TryWrite(code, bytes);
    }

    /// <summary>Writes a 32-bit option, network order (lease times 51, 58, 59, 211).</summary>
    public bool TryWriteUInt32(DhcpOptionCode code, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return TryWrite(code, bytes);
    }

    /// <summary>Writes an address option (1, 28, 50, 54).</summary>
    public bool TryWriteAddress(DhcpOptionCode code, Ipv4Address address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWrite(bytes);
        return TryWrite(code, bytes);
    }

    /// <summary>Writes an address-list option (3, 6, 42, 150); up to 63 addresses fit in one instance, more are split.</summary>
    public bool TryWriteAddresses(DhcpOptionCode code, scoped ReadOnlySpan<Ipv4Address> addresses)
    {
        int length = addresses.Length * Ipv4Address.Length;
        if (length > 1024)
        {
            ThrowHelper.ThrowArgument(nameof(addresses), "at most 256 addresses per option");
        }

        Span<byte> bytes = stackalloc byte[length];
        for (int i = 0; i < addresses.Length; i++)
        {
            addresses[i].TryWrite(bytes[(i * 4)..]);
        }

        return TryWrite(code, bytes);
    }

    /// <summary>Writes option 53.</summary>
    public bool TryWriteMessageType(DhcpMessageType type) => TryWriteByte(DhcpOptionCode.MessageType, (byte)type);

    /// <summary>Writes one PAD octet.</summary>
    public bool TryWritePad()
    {
        if (_position >= _destination.Length)
        {
            return false;
        }

        _destination[_position++] = (byte)DhcpOptionCode.Pad;
        return true;
    }

    /// <summary>Writes the END octet.</summary>
    public bool TryWriteEnd()
    {
        if (_position >= _destination.Length)
        {
            return false;
        }

        _destination[_position++] = (byte)DhcpOptionCode.End;
        return true;
    }

    /// <summary>
    /// Starts an encapsulated option: writes the code and reserves the length octet. Write the sub-options with
    /// this writer, then call <see cref="TryEndOption"/>.
    /// </summary>
    public bool TryBeginOption(DhcpOptionCode code, out DhcpOptionToken token)
    {
        if (_destination.Length - _position < 2)
        {
            token = default;
            return false;
        }

        token = new DhcpOptionToken(_position);
        _destination[_position] = (byte)code;
        _destination[_position + 1] = 0;
        _position += 2;
        return true;
    }

    /// <summary>
    /// Fills in the length of the option begun with <paramref name="token"/>. Returns <see langword="false"/> and
    /// rewinds to before the option when its content exceeds 255 bytes.
    /// </summary>
    public bool TryEndOption(DhcpOptionToken token)
    {
        int length = _position - token.Start - 2;
        if (length < 0)
        {
            ThrowHelper.ThrowArgument(nameof(token), "the token does not belong to this writer");
        }

        if (length > DhcpLimits.MaxOptionDataLength)
        {
            _position = token.Start;
            return false;
        }

        _destination[token.Start + 1] = (byte)length;
        return true;
    }

    /// <summary>Rewinds to <paramref name="token"/>, discarding an option begun with <see cref="TryBeginOption"/>.</summary>
    public void Abandon(DhcpOptionToken token) => _position = Math.Min(_position, token.Start);
}
