namespace Pxe.Tftp;

/// <summary>A transfer ended with an error: the peer sent ERROR, it stopped answering, or it broke the protocol.</summary>
public sealed class TftpTransferException : Exception
{
    /// <summary>Creates an exception with no details.</summary>
    public TftpTransferException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public TftpTransferException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and an inner exception.</summary>
    public TftpTransferException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a TFTP error code.</summary>
    public TftpTransferException(TftpErrorCode errorCode, string message)
        : base(message)
    {
        ErrorCode = errorCode;
    }

    /// <summary>The TFTP error code the peer sent or that ended the transfer.</summary>
    public TftpErrorCode ErrorCode { get; }
}
