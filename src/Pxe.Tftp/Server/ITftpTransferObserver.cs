namespace Pxe.Tftp;

/// <summary>
/// Told what a <see cref="TftpServer"/> does, one call per request and per transfer end — who fetched which file,
/// how big it is, how many bytes went and how long it took — so a host can follow clients without wrapping its
/// <see cref="ITftpFileProvider"/> or reading logs. Every method has an empty default body: implement only what
/// you need.
/// </summary>
/// <remarks>
/// <para>
/// For each accepted request the server calls <see cref="OnTransferStarted"/> and then exactly one of
/// <see cref="OnTransferCompleted"/> and <see cref="OnTransferFailed"/>; a request refused before a transfer starts
/// (file not found, writes disabled, unsupported mode) gets <see cref="OnRequestRefused"/> alone. Requests dropped on
/// the request port (malformed, retransmitted, over <see cref="TftpServerOptions.MaxTransfers"/>) are not reported.
/// </para>
/// <para>
/// Methods are never called per block or per datagram. They run on the transfer's thread and may be called
/// concurrently for different transfers: keep them short and do not block. An exception thrown by an observer is
/// caught and logged (once at Warning, later ones at Debug); it never changes or stops a transfer.
/// </para>
/// <para>
/// Register one with <c>services.AddSingleton&lt;ITftpTransferObserver, MyObserver&gt;()</c> next to
/// <c>AddPxeTftp</c>, or pass it to the <see cref="TftpServer"/> constructor.
/// </para>
/// </remarks>
public interface ITftpTransferObserver
{
    /// <summary>A transfer was accepted and is about to send its first packet (DATA 1, ACK 0 or the OACK).</summary>
    /// <param name="request">Who asked for what (the same instance the provider was given).</param>
    /// <param name="isWrite">Whether the client writes (WRQ) rather than reads (RRQ).</param>
    /// <param name="size">For a read, the bytes the transfer will carry (the file's length, after netascii conversion); for a write, the size the client announced with <c>tsize</c>, or null.</param>
    void OnTransferStarted(TftpRequestContext request, bool isWrite, long? size)
    {
    }

    /// <summary>A transfer reported by <see cref="OnTransferStarted"/> ended with every block acknowledged.</summary>
    /// <param name="request">Who asked for what.</param>
    /// <param name="isWrite">Whether the client wrote.</param>
    /// <param name="bytes">The payload bytes transferred (for a read, the file's length).</param>
    /// <param name="duration">From just before the first packet to the last acknowledgement (for a write, to the end of the RFC 1350 §6 dally that answers a retransmitted last block).</param>
    void OnTransferCompleted(TftpRequestContext request, bool isWrite, long bytes, TimeSpan duration)
    {
    }

    /// <summary>A transfer reported by <see cref="OnTransferStarted"/> ended without completing.</summary>
    /// <param name="request">Who asked for what.</param>
    /// <param name="isWrite">Whether the client wrote.</param>
    /// <param name="outcome">How it ended; <see cref="TftpTransferOutcome.AbortedAfterOptionAck"/> is the firmware's normal <c>tsize</c> probe, not an error.</param>
    /// <param name="reason">A short description for logs, or null.</param>
    /// <param name="bytes">The payload bytes acknowledged (read) or received (write) before it ended.</param>
    /// <param name="duration">From just before the first packet to the end.</param>
    void OnTransferFailed(TftpRequestContext request, bool isWrite, TftpTransferOutcome outcome, string? reason, long bytes, TimeSpan duration)
    {
    }

    /// <summary>A request was answered with ERROR instead of a transfer.</summary>
    /// <param name="request">Who asked for what.</param>
    /// <param name="isWrite">Whether the client asked to write.</param>
    /// <param name="errorCode">The error code sent.</param>
    /// <param name="message">The error message sent, or null.</param>
    void OnRequestRefused(TftpRequestContext request, bool isWrite, TftpErrorCode errorCode, string? message)
    {
    }
}
