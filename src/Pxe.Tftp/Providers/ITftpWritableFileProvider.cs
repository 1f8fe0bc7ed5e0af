namespace Pxe.Tftp;

/// <summary>The optional write capability of a provider, probed by the server only when writes are enabled.</summary>
public interface ITftpWritableFileProvider
{
    /// <summary>Creates the requested file for writing, or says why not.</summary>
    /// <param name="context">Who writes which name.</param>
    /// <param name="announcedSize">The size the client announced with <c>tsize</c> (RFC 2349), if it did.</param>
    /// <param name="cancellationToken">Cancelled when the server stops.</param>
    ValueTask<TftpOpenResult<ITftpWritableFile>> OpenWriteAsync(TftpRequestContext context, long? announcedSize, CancellationToken cancellationToken);
}
