namespace Pxe.Tftp;

/// <summary>The error code of an ERROR packet (RFC 1350 appendix, RFC 2347 §2 for code 8).</summary>
public enum TftpErrorCode : ushort
{
    /// <summary>Not defined, see the error message.</summary>
    NotDefined = 0,

    /// <summary>File not found.</summary>
    FileNotFound = 1,

    /// <summary>Access violation.</summary>
    AccessViolation = 2,

    /// <summary>Disk full or allocation exceeded.</summary>
    DiskFull = 3,

    /// <summary>Illegal TFTP operation.</summary>
    IllegalOperation = 4,

    /// <summary>Unknown transfer ID.</summary>
    UnknownTransferId = 5,

    /// <summary>File already exists.</summary>
    FileAlreadyExists = 6,

    /// <summary>No such user.</summary>
    NoSuchUser = 7,

    /// <summary>The transfer should be terminated because of option negotiation (RFC 2347).</summary>
    OptionNegotiationFailed = 8,
}
