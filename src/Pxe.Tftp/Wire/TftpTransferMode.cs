namespace Pxe.Tftp;

/// <summary>The transfer mode named in a request (RFC 1350 §5), compared case-insensitively.</summary>
public enum TftpTransferMode
{
    /// <summary>A mode this implementation does not know.</summary>
    Unknown = 0,

    /// <summary><c>octet</c>: raw 8-bit bytes.</summary>
    Octet,

    /// <summary><c>netascii</c>: lines end in CR LF and a bare CR is sent as CR NUL (RFC 764).</summary>
    NetAscii,

    /// <summary><c>mail</c>: obsolete (RFC 1350 §1); refused.</summary>
    Mail,
}
