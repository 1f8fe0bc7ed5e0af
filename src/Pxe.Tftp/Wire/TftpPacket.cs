using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Pxe.Tftp;

/// <summary>
/// A read-only view over one TFTP datagram (RFC 1350 §5, RFC 2347 §2). Create it with
/// <see cref="TryCreate(ReadOnlySpan{byte}, out TftpPacket)"/>; afterwards no accessor can fail.
/// </summary>
/// <remarks>
/// <code>
///  RRQ/WRQ  | 01/02 | filename | 0 | mode | 0 | opt1 | 0 | value1 | 0 | ...
///  DATA     | 03    | block #  | data (0..blksize bytes)
///  ACK      | 04    | block #  |
///  ERROR    | 05    | errcode  | errmsg | 0 |
///  OACK     | 06    | opt1 | 0 | value1 | 0 | ...
///            2 bytes  2 bytes
/// </code>
/// Validation per opcode: DATA needs 4 bytes and at most <see cref="TftpLimits.MaxBlockSize"/> of payload; ACK is
/// exactly 4 bytes; ERROR needs its code and a NUL-terminated message (a missing NUL is tolerated, as several
/// embedded stacks omit it — the message is then the rest of the datagram and <see cref="ErrorMessageTerminated"/>
/// is <see langword="false"/>); RRQ/WRQ need a non-empty file name and mode, each NUL-terminated, then whole
/// option pairs; OACK needs whole option pairs. Requests are read through <see cref="TftpRequest"/>.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public readonly ref struct TftpPacket
{
    private readonly ReadOnlySpan<byte> _data;

    private TftpPacket(ReadOnlySpan<byte> data) => _data = data;

    /// <summary>The opcode.</summary>
    public TftpOpcode Opcode => (TftpOpcode)BinaryPrimitives.ReadUInt16BigEndian(_data);

    /// <summary>The whole datagram.</summary>
    public ReadOnlySpan<byte> Span => _data;

    /// <summary>The datagram length in bytes.</summary>
    public int Length => _data.Length;

    /// <summary>The 16-bit block number of a DATA or ACK packet (0 for other opcodes).</summary>
    public ushort BlockNumber => Opcode is TftpOpcode.Data or TftpOpcode.Ack ? BinaryPrimitives.ReadUInt16BigEndian(_data[TftpLayout.BlockOffset..]) : (ushort)0;

    /// <summary>The payload of a DATA packet (empty for other opcodes).</summary>
    public ReadOnlySpan<byte> Payload => Opcode == TftpOpcode.Data ? _data[TftpLayout.PayloadOffset..] : default;

    /// <summary>The error code of an ERROR packet (<see cref="TftpErrorCode.NotDefined"/> for other opcodes).</summary>
    public TftpErrorCode ErrorCode => Opcode == TftpOpcode.Error ? (TftpErrorCode)BinaryPrimitives.ReadUInt16BigEndian(_data[TftpLayout.ErrorCodeOffset..]) : TftpErrorCode.NotDefined;

    /// <summary>The message of an ERROR packet without its NUL (empty for other opcodes).</summary>
    public ReadOnlySpan<byte> ErrorMessage
    {
        get
        {
            if (Opcode != TftpOpcode.Error)
            {
                return default;
            }

            ReadOnlySpan<byte> rest = _data[TftpLayout.ErrorMessageOffset..];
            int nul = rest.IndexOf((byte)0);
            return nul < 0 ? rest : rest[..nul];
        }
    }

    /// <summary>Whether the ERROR message ended with a NUL (RFC 1350 requires one; some stacks omit it).</summary>
    public bool ErrorMessageTerminated => Opcode == TftpOpcode.Error && _data[TftpLayout.ErrorMessageOffset..].IndexOf((byte)0) >= 0;

    /// <summary>The options of an OACK, or of a request (empty enumeration for other opcodes).</summary>
    public TftpOptionEnumerator Options => Opcode switch
    {
        TftpOpcode.OptionAck => new TftpOptionEnumerator(_data[TftpLayout.OptionsOffset..]),
        TftpOpcode.ReadRequest or TftpOpcode.WriteRequest => TftpRequest.TryCreate(_data, out TftpRequest r) ? r.Options : default,
        _ => default,
    };

    /// <summary>
    /// A stable one-line description used by logs and golden files: <c>RRQ "name" octet blksize=1468</c>,
    /// <c>OACK tsize=305</c>, <c>DATA block=1 len=512</c>, <c>ACK block=0</c>, <c>ERROR 1 "File not found"</c>.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        switch (Opcode)
        {
            case TftpOpcode.ReadRequest:
            case TftpOpcode.WriteRequest:
                TftpRequest.TryCreate(_data, out TftpRequest request);
                text.Append(Opcode == TftpOpcode.ReadRequest ? "RRQ \"" : "WRQ \"").Append(Encoding.Latin1.GetString(request.FileName)).Append("\" ").Append(Encoding.Latin1.GetString(request.Mode));
                break;
            case TftpOpcode.Data:
                text.Append(CultureInfo.InvariantCulture, $"DATA block={BlockNumber} len={Payload.Length}");
                break;
            case TftpOpcode.Ack:
                text.Append(CultureInfo.InvariantCulture, $"ACK block={BlockNumber}");
                break;
            case TftpOpcode.Error:
                text.Append(CultureInfo.InvariantCulture, $"ERROR {(ushort)ErrorCode} \"").Append(Encoding.Latin1.GetString(ErrorMessage)).Append('"');
                break;
            default:
                text.Append("OACK");
                break;
        }

        foreach (TftpOption option in Options)
        {
            text.Append(' ').Append(option.ToString());
        }

        return text.ToString();
    }

    /// <summary>Validates <paramref name="source"/> as a TFTP packet.</summary>
    /// <param name="source">One whole datagram.</param>
    /// <param name="packet">The view; treated as uninitialized when the method returns <see langword="false"/>.</param>
    /// <returns><see langword="true"/> when the datagram is well formed.</returns>
    public static bool TryCreate(ReadOnlySpan<byte> source, out TftpPacket packet) => TryCreate(source, out packet, out _);

    /// <summary>Validates <paramref name="source"/> as a TFTP packet and reports why it is not one.</summary>
    /// <param name="source">One whole datagram.</param>
    /// <param name="packet">The view; treated as uninitialized when the method returns <see langword="false"/>.</param>
    /// <param name="status">Why the datagram is malformed, or <see cref="TftpParseStatus.Success"/>.</param>
    public static bool TryCreate(ReadOnlySpan<byte> source, out TftpPacket packet, out TftpParseStatus status)
    {
        status = Validate(source);
        packet = status == TftpParseStatus.Success ? new TftpPacket(source) : default;
        return status == TftpParseStatus.Success;
    }

    private static TftpParseStatus Validate(ReadOnlySpan<byte> source)
    {
        if (source.Length < 2)
        {
            return TftpParseStatus.Truncated;
        }

        if (source.Length > TftpLimits.MaxPacketLength)
        {
            return TftpParseStatus.TooLong;
        }

        switch ((TftpOpcode)BinaryPrimitives.ReadUInt16BigEndian(source))
        {
            case TftpOpcode.ReadRequest:
            case TftpOpcode.WriteRequest:
                return TftpRequest.Validate(source);
            case TftpOpcode.Data:
                // RFC 1350 §5: opcode, block number, 0..512 (or blksize) bytes of data.
                return source.Length < TftpLimits.HeaderLength ? TftpParseStatus.Truncated : TftpParseStatus.Success;
            case TftpOpcode.Ack:
                if (source.Length < TftpLimits.AckLength)
                {
                    return TftpParseStatus.Truncated;
                }

                return source.Length == TftpLimits.AckLength ? TftpParseStatus.Success : TftpParseStatus.TrailingBytes;
            case TftpOpcode.Error:
                return source.Length < TftpLimits.HeaderLength ? TftpParseStatus.Truncated : TftpParseStatus.Success;
            case TftpOpcode.OptionAck:
                // RFC 2347 §2: an OACK holds at least the options the server accepted; an empty OACK is legal here.
                return TftpOptionEnumerator.Validate(source[TftpLayout.OptionsOffset..]);
            default:
                return TftpParseStatus.UnknownOpcode;
        }
    }
}
