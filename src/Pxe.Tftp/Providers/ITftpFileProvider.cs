namespace Pxe.Tftp;

/// <summary>
/// Where a TFTP server's files come from. Implementations ship for a directory (<see cref="DirectoryTftpFileProvider"/>),
/// memory (<see cref="InMemoryTftpFileProvider"/>) and a per-client callback (<see cref="CallbackTftpFileProvider"/>).
/// </summary>
/// <remarks>
/// A provider must report the file length up front (<see cref="ITftpReadableFile.Length"/>): firmware asks for
/// it with <c>tsize</c> (RFC 2349). Write support is the separate capability <see cref="ITftpWritableFileProvider"/>,
/// used only when the server allows writes.
/// </remarks>
public interface ITftpFileProvider
{
    /// <summary>Opens the requested file for reading, or says why not.</summary>
    /// <param name="context">Who asks for which name.</param>
    /// <param name="cancellationToken">Cancelled when the server stops.</param>
    ValueTask<TftpOpenResult<ITftpReadableFile>> OpenReadAsync(TftpRequestContext context, CancellationToken cancellationToken);
}
