namespace Pxe.Tftp;

/// <summary>A file opened for a read transfer: a known length and positional reads.</summary>
/// <remarks>
/// The length is known before the first block is sent, because firmware asks for it with the <c>tsize</c>
/// option (RFC 2349) and several PXE ROMs refuse to boot without it. Reads are positional so a retransmission
/// (timeout, or RFC 7440 window recovery) re-reads a block instead of buffering the window.
/// </remarks>
public interface ITftpReadableFile : IDisposable
{
    /// <summary>The length in bytes, fixed for the life of the transfer.</summary>
    long Length { get; }

    /// <summary>Reads up to <c>destination.Length</c> bytes at <paramref name="offset"/>; returns how many were read (fewer only at the end).</summary>
    int Read(long offset, Span<byte> destination);

    /// <summary>
    /// A hint, given while the transfer waits for the client's ACK, that the next <see cref="Read"/> will ask for
    /// <paramref name="count"/> bytes at <paramref name="offset"/>: a file read from storage can fetch them now, so
    /// answering the ACK costs no read (tftpd-hpa reads ahead the same way). The default does nothing.
    /// </summary>
    void Prefetch(long offset, int count)
    {
    }
}
