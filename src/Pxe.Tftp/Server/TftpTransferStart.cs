namespace Pxe.Tftp;

/// <summary>The result of accepting a request: a session to run, or an ERROR packet to send once.</summary>
internal readonly record struct TftpTransferStart(TftpSession? Session, TftpErrorCode ErrorCode, string? ErrorMessage, string FileName, bool IsWrite)
{
    /// <summary>Writes the ERROR packet for a refused request.</summary>
    public bool TryWriteError(Span<byte> destination, out int bytesWritten) =>
        TftpPacketWriter.TryWriteError(destination, ErrorCode, System.Text.Encoding.ASCII.GetBytes(ErrorMessage ?? string.Empty), out bytesWritten);
}
