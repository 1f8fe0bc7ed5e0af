namespace Pxe.Tftp;

/// <summary>How a transfer ended; also the <c>outcome</c> tag of the transfer metric.</summary>
public enum TftpTransferOutcome
{
    /// <summary>Still running.</summary>
    Running = 0,

    /// <summary>Every block was sent and acknowledged (or received and acknowledged).</summary>
    Completed,

    /// <summary>
    /// The client sent ERROR in reply to the OACK: the firmware "tsize probe" (RFC 2349) that asks for the size and
    /// then aborts before a second, real request. Normal, not an error.
    /// </summary>
    AbortedAfterOptionAck,

    /// <summary>The peer sent ERROR during the transfer.</summary>
    PeerError,

    /// <summary>The peer stopped answering: every retransmission went unanswered.</summary>
    TimedOut,

    /// <summary>The peer broke the protocol (for example a DATA block larger than the block size).</summary>
    ProtocolError,

    /// <summary>A local failure: the file could not be read or written, or a size limit was reached.</summary>
    LocalError,

    /// <summary>The server stopped before the transfer ended.</summary>
    Cancelled,
}
