namespace Pxe.Tftp;

/// <summary>
/// The result of accepting a request: a session to run, or an ERROR packet to send once. <see cref="Context"/> is
/// null only for a request that could not be decoded; <see cref="Size"/> is the file's length for a read and the
/// announced <c>tsize</c> (if any) for a write.
/// </summary>
internal readonly record struct TftpTransferStart(TftpSession? Session, TftpErrorCode ErrorCode, string? ErrorMessage, string FileName, bool IsWrite, TftpRequestContext? Context = null, long? Size = null)
{
    /// <summary>Writes the ERROR packet for a refused request.</summary>
    public bool TryWriteError(Span<byte> destination, out int bytesWritten) =>
        TftpPacketWriter.TryWriteError(destination, ErrorCode, System.Text.Encoding.ASCII.GetBytes(ErrorMessage ?? string.Empty), out bytesWritten);
}
