namespace Pxe.Tftp;

/// <summary>Why a datagram did or did not parse as a TFTP packet.</summary>
public enum TftpParseStatus
{
    /// <summary>The datagram is a well-formed packet.</summary>
    Success = 0,

    /// <summary>The datagram is shorter than the fixed part of its packet type.</summary>
    Truncated,

    /// <summary>The opcode is not one of RFC 1350 / RFC 2347's six.</summary>
    UnknownOpcode,

    /// <summary>A string (file name, mode, error message, option name or value) has no terminating NUL.</summary>
    MissingTerminator,

    /// <summary>The file name or mode of a request is empty.</summary>
    EmptyField,

    /// <summary>The datagram is longer than <see cref="TftpLimits.MaxPacketLength"/> or, for DATA, carries more than <see cref="TftpLimits.MaxBlockSize"/> bytes.</summary>
    TooLong,

    /// <summary>An ACK carries bytes after its block number.</summary>
    TrailingBytes,
}
