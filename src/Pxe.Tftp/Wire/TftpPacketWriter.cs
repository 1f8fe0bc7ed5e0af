using System.Buffers.Binary;
using System.Buffers.Text;

namespace Pxe.Tftp;

/// <summary>
/// Writes TFTP packets into a caller-supplied buffer (RFC 1350 §5, RFC 2347 §2). A request or OACK is built
/// in steps — <see cref="TryWriteRequest"/> or <see cref="TryWriteOptionAck"/>, then one
/// <see cref="TryWriteOption(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> per pair; DATA, ACK and ERROR are one
/// call each. The static forms write a whole DATA/ACK/ERROR packet in one call without a writer.
/// </summary>
/// <remarks>
/// Every <c>TryWrite</c> either writes its whole element and advances <see cref="BytesWritten"/>, or returns
/// <see langword="false"/>, leaves <see cref="BytesWritten"/> unchanged and leaves the destination bytes past it
/// unspecified.
/// </remarks>
public ref struct TftpPacketWriter
{
    private readonly Span<byte> _destination;

    /// <summary>Creates a writer over <paramref name="destination"/>.</summary>
    public TftpPacketWriter(Span<byte> destination)
    {
        _destination = destination;
        BytesWritten = 0;
    }

    /// <summary>How many bytes have been written.</summary>
    public int BytesWritten { get; private set; }

    /// <summary>The bytes written so far.</summary>
    public readonly ReadOnlySpan<byte> WrittenSpan => _destination[..BytesWritten];

    /// <summary>Starts an RRQ or WRQ: opcode, NUL-terminated file name and mode (RFC 1350 §5). Writes 4 + name + mode bytes.</summary>
    /// <param name="opcode"><see cref="TftpOpcode.ReadRequest"/> or <see cref="TftpOpcode.WriteRequest"/>.</param>
    /// <param name="fileName">The file name; must be non-empty and contain no NUL.</param>
    /// <param name="mode">The mode, for example <c>"octet"u8</c>; must be non-empty and contain no NUL.</param>
    /// <exception cref="ArgumentException"><paramref name="opcode"/> is not a request, or a string is empty or contains a NUL.</exception>
    public bool TryWriteRequest(TftpOpcode opcode, scoped ReadOnlySpan<byte> fileName, scoped ReadOnlySpan<byte> mode)
    {
        if (opcode is not (TftpOpcode.ReadRequest or TftpOpcode.WriteRequest))
        {
            ThrowHelper.ThrowArgument(nameof(opcode), "a request opcode must be ReadRequest (1) or WriteRequest (2)");
        }

        CheckString(fileName, nameof(fileName), allowEmpty: false);
        CheckString(mode, nameof(mode), allowEmpty: false);
        Span<byte> d = _destination[BytesWritten..];
        int length = 2 + fileName.Length + 1 + mode.Length + 1;
        if (d.Length < length)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(d, (ushort)opcode);
        int at = 2;
        fileName.CopyTo(d[at..]);
        at += fileName.Length;
        d[at++] = 0;
        mode.CopyTo(d[at..]);
        at += mode.Length;
        d[at] = 0;
        BytesWritten += length;
        return true;
    }

    /// <summary>Starts an OACK: writes its 2-byte opcode (RFC 2347 §2); options follow.</summary>
    public bool TryWriteOptionAck()
    {
        Span<byte> d = _destination[BytesWritten..];
        if (d.Length < 2)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(d, (ushort)TftpOpcode.OptionAck);
        BytesWritten += 2;
        return true;
    }

    /// <summary>Appends one NUL-terminated option name/value pair (RFC 2347 §2). Writes name + value + 2 bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, or a string contains a NUL.</exception>
    public bool TryWriteOption(scoped ReadOnlySpan<byte> name, scoped ReadOnlySpan<byte> value)
    {
        CheckString(name, nameof(name), allowEmpty: false);
        CheckString(value, nameof(value), allowEmpty: true);
        Span<byte> d = _destination[BytesWritten..];
        int length = name.Length + 1 + value.Length + 1;
        if (d.Length < length)
        {
            return false;
        }

        name.CopyTo(d);
        d[name.Length] = 0;
        value.CopyTo(d[(name.Length + 1)..]);
        d[length - 1] = 0;
        BytesWritten += length;
        return true;
    }

    /// <summary>Appends one option whose value is an unsigned decimal number (RFC 2347 §2).</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or contains a NUL.</exception>
    public bool TryWriteOption(scoped ReadOnlySpan<byte> name, long value)
    {
        if (value < 0)
        {
            ThrowHelper.ThrowArgument(nameof(value), "an option number must not be negative");
        }

        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, digits, out int n);
        return TryWriteOption(name, digits[..n]);
    }

    /// <summary>Writes a whole DATA packet: 4 header bytes and the payload (RFC 1350 §5).</summary>
    public bool TryWriteData(ushort blockNumber, scoped ReadOnlySpan<byte> payload)
    {
        if (!TryWriteData(_destination[BytesWritten..], blockNumber, payload, out int written))
        {
            return false;
        }

        BytesWritten += written;
        return true;
    }

    /// <summary>Writes a whole ACK packet: 4 bytes (RFC 1350 §5).</summary>
    public bool TryWriteAck(ushort blockNumber)
    {
        if (!TryWriteAck(_destination[BytesWritten..], blockNumber, out int written))
        {
            return false;
        }

        BytesWritten += written;
        return true;
    }

    /// <summary>Writes a whole ERROR packet: 4 header bytes, the message and a NUL (RFC 1350 §5).</summary>
    public bool TryWriteError(TftpErrorCode code, scoped ReadOnlySpan<byte> message)
    {
        if (!TryWriteError(_destination[BytesWritten..], code, message, out int written))
        {
            return false;
        }

        BytesWritten += written;
        return true;
    }

    /// <summary>Writes a DATA packet into <paramref name="destination"/>: 4 + <paramref name="payload"/> bytes.</summary>
    /// <param name="destination">The buffer.</param>
    /// <param name="blockNumber">The 16-bit wire block number.</param>
    /// <param name="payload">At most <see cref="TftpLimits.MaxBlockSize"/> bytes.</param>
    /// <param name="bytesWritten">Bytes written; 0 when the method returns <see langword="false"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="payload"/> is longer than <see cref="TftpLimits.MaxBlockSize"/>.</exception>
    public static bool TryWriteData(Span<byte> destination, ushort blockNumber, ReadOnlySpan<byte> payload, out int bytesWritten)
    {
        if (payload.Length > TftpLimits.MaxBlockSize)
        {
            ThrowHelper.ThrowArgument(nameof(payload), "a DATA payload is at most 65464 bytes (TftpLimits.MaxBlockSize)");
        }

        int length = TftpLimits.HeaderLength + payload.Length;
        if (destination.Length < length)
        {
            bytesWritten = 0;
            return false;
        }

        WriteDataHeader(destination, blockNumber);
        payload.CopyTo(destination[TftpLayout.PayloadOffset..]);
        bytesWritten = length;
        return true;
    }

    /// <summary>Writes the 4-byte DATA header only, for callers that read the payload straight into <c>destination[4..]</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 4 bytes.</exception>
    public static void WriteDataHeader(Span<byte> destination, ushort blockNumber)
    {
        if (destination.Length < TftpLimits.HeaderLength)
        {
            ThrowHelper.ThrowArgument(nameof(destination), "a DATA header needs 4 bytes");
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, ((uint)TftpOpcode.Data << 16) | blockNumber);
    }

    /// <summary>Writes a 4-byte ACK packet into <paramref name="destination"/>.</summary>
    /// <param name="destination">The buffer.</param>
    /// <param name="blockNumber">The 16-bit wire block number.</param>
    /// <param name="bytesWritten">4, or 0 when the method returns <see langword="false"/>.</param>
    public static bool TryWriteAck(Span<byte> destination, ushort blockNumber, out int bytesWritten)
    {
        if (destination.Length < TftpLimits.AckLength)
        {
            bytesWritten = 0;
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, ((uint)TftpOpcode.Ack << 16) | blockNumber);
        bytesWritten = TftpLimits.AckLength;
        return true;
    }

    /// <summary>
    /// Writes an ERROR packet: 4 + message + 1 bytes. A message longer than <see cref="TftpLimits.MaxErrorMessageLength"/>
    /// is cut to that length; a NUL inside it ends it there.
    /// </summary>
    /// <param name="destination">The buffer.</param>
    /// <param name="code">The error code.</param>
    /// <param name="message">ASCII message text.</param>
    /// <param name="bytesWritten">Bytes written; 0 when the method returns <see langword="false"/>.</param>
    public static bool TryWriteError(Span<byte> destination, TftpErrorCode code, ReadOnlySpan<byte> message, out int bytesWritten)
    {
        int nul = message.IndexOf((byte)0);
        if (nul >= 0)
        {
            message = message[..nul];
        }

        if (message.Length > TftpLimits.MaxErrorMessageLength)
        {
            message = message[..TftpLimits.MaxErrorMessageLength];
        }

        int length = TftpLimits.HeaderLength + message.Length + 1;
        if (destination.Length < length)
        {
            bytesWritten = 0;
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)TftpOpcode.Error);
        BinaryPrimitives.WriteUInt16BigEndian(destination[TftpLayout.ErrorCodeOffset..], (ushort)code);
        message.CopyTo(destination[TftpLayout.ErrorMessageOffset..]);
        destination[length - 1] = 0;
        bytesWritten = length;
        return true;
    }

    private static void CheckString(ReadOnlySpan<byte> value, string name, bool allowEmpty)
    {
        if (!allowEmpty && value.IsEmpty)
        {
            ThrowHelper.ThrowArgument(name, "the string must not be empty");
        }

        if (value.Contains((byte)0))
        {
            ThrowHelper.ThrowArgument(name, "a TFTP string must not contain NUL");
        }
    }
}
