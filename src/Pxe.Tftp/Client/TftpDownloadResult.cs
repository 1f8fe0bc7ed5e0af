namespace Pxe.Tftp;

/// <summary>What a download negotiated and moved.</summary>
/// <param name="Bytes">Bytes received.</param>
/// <param name="BlockSize">The block size in force.</param>
/// <param name="WindowSize">The window size in force.</param>
/// <param name="TransferSize">The size the server announced with <c>tsize</c>, if it did.</param>
/// <param name="Retransmits">ACKs sent again.</param>
public readonly record struct TftpDownloadResult(long Bytes, int BlockSize, int WindowSize, long? TransferSize, long Retransmits);
