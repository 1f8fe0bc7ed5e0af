using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;

namespace Pxe.Tftp;

/// <summary>
/// A read-only view over a read or write request (RRQ/WRQ, RFC 1350 §5 with RFC 2347 §2 options).
/// Create it with <see cref="TryCreate(ReadOnlySpan{byte}, out TftpRequest)"/>; afterwards no accessor can fail.
/// </summary>
/// <remarks>
/// <code>
///   2 bytes    string   1 byte  string  1 byte  string 1 byte string 1 byte
///  +--------+----~~----+------+---~~---+------+--~~--+------+--~~--+------+--
///  | 01/02  | filename |  0   |  mode  |  0   | opt1 |  0   | val1 |  0   | ...
///  +--------+----~~----+------+---~~---+------+--~~--+------+--~~--+------+--
/// </code>
/// The mode is compared case-insensitively (RFC 1350 §5). Options after the mode must be whole NUL-terminated
/// pairs; a request with a dangling option is rejected rather than half-read.
/// </remarks>
[DebuggerDisplay("{Opcode} {FileNameText}")]
public readonly ref struct TftpRequest
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _modeOffset;
    private readonly int _optionsOffset;

    private TftpRequest(ReadOnlySpan<byte> data, int modeOffset, int optionsOffset)
    {
        _data = data;
        _modeOffset = modeOffset;
        _optionsOffset = optionsOffset;
    }

    /// <summary><see cref="TftpOpcode.ReadRequest"/> or <see cref="TftpOpcode.WriteRequest"/>.</summary>
    public TftpOpcode Opcode => (TftpOpcode)BinaryPrimitives.ReadUInt16BigEndian(_data);

    /// <summary>The requested file name, exactly as sent, without its NUL.</summary>
    public ReadOnlySpan<byte> FileName => _data[TftpLayout.RequestFileNameOffset..(_modeOffset - 1)];

    /// <summary>The mode string, exactly as sent, without its NUL.</summary>
    public ReadOnlySpan<byte> Mode => _data[_modeOffset..(_optionsOffset - 1)];

    /// <summary>The mode, compared case-insensitively.</summary>
    public TftpTransferMode TransferMode => TftpAscii.ParseMode(Mode);

    /// <summary>The option pairs after the mode (RFC 2347).</summary>
    public TftpOptionEnumerator Options => new(_data[_optionsOffset..]);

    /// <summary>Whether the request carries at least one option.</summary>
    public bool HasOptions => _optionsOffset < _data.Length;

    /// <summary>The file name decoded as UTF-8 (allocates; for diagnostics and providers).</summary>
    public string FileNameText => Encoding.UTF8.GetString(FileName);

    /// <summary>Validates <paramref name="source"/> as an RRQ or WRQ.</summary>
    /// <param name="source">One whole datagram.</param>
    /// <param name="request">The view; treated as uninitialized when the method returns <see langword="false"/>.</param>
    public static bool TryCreate(ReadOnlySpan<byte> source, out TftpRequest request) => TryCreate(source, out request, out _);

    /// <summary>Validates <paramref name="source"/> as an RRQ or WRQ and reports why it is not one.</summary>
    /// <param name="source">One whole datagram.</param>
    /// <param name="request">The view; treated as uninitialized when the method returns <see langword="false"/>.</param>
    /// <param name="status">Why the datagram is malformed, or <see cref="TftpParseStatus.Success"/>.</param>
    public static bool TryCreate(ReadOnlySpan<byte> source, out TftpRequest request, out TftpParseStatus status)
    {
        status = Parse(source, out int modeOffset, out int optionsOffset);
        request = status == TftpParseStatus.Success ? new TftpRequest(source, modeOffset, optionsOffset) : default;
        return status == TftpParseStatus.Success;
    }

    internal static TftpParseStatus Validate(ReadOnlySpan<byte> source) => Parse(source, out _, out _);

    private static TftpParseStatus Parse(ReadOnlySpan<byte> source, out int modeOffset, out int optionsOffset)
    {
        modeOffset = 0;
        optionsOffset = 0;
        if (source.Length < 2)
        {
            return TftpParseStatus.Truncated;
        }

        if (source.Length > TftpLimits.MaxPacketLength)
        {
            return TftpParseStatus.TooLong;
        }

        var opcode = (TftpOpcode)BinaryPrimitives.ReadUInt16BigEndian(source);
        if (opcode is not (TftpOpcode.ReadRequest or TftpOpcode.WriteRequest))
        {
            return TftpParseStatus.UnknownOpcode;
        }

        ReadOnlySpan<byte> rest = source[TftpLayout.RequestFileNameOffset..];
        int nameEnd = rest.IndexOf((byte)0);
        if (nameEnd < 0)
        {
            return rest.IsEmpty ? TftpParseStatus.Truncated : TftpParseStatus.MissingTerminator;
        }

        if (nameEnd == 0)
        {
            return TftpParseStatus.EmptyField;
        }

        int mode = TftpLayout.RequestFileNameOffset + nameEnd + 1;
        ReadOnlySpan<byte> afterName = source[mode..];
        int modeEnd = afterName.IndexOf((byte)0);
        if (modeEnd < 0)
        {
            return afterName.IsEmpty ? TftpParseStatus.Truncated : TftpParseStatus.MissingTerminator;
        }

        if (modeEnd == 0)
        {
            return TftpParseStatus.EmptyField;
        }

        int options = mode + modeEnd + 1;
        TftpParseStatus optionStatus = TftpOptionEnumerator.Validate(source[options..]);
        if (optionStatus != TftpParseStatus.Success)
        {
            return optionStatus;
        }

        modeOffset = mode;
        optionsOffset = options;
        return TftpParseStatus.Success;
    }
}
