namespace Pxe.Nfs;

/// <summary>
/// Supplies the backend of each export. Register one in DI (or pass it to <see cref="NfsServer"/>) to serve an
/// <see cref="InMemoryFileSystem"/> or your own <see cref="INfsFileSystem"/>; without one, every export is a
/// <see cref="LocalFileSystem"/> over <see cref="NfsExport.Directory"/>.
/// </summary>
public interface INfsFileSystemProvider
{
    /// <summary>Returns the backend for <paramref name="export"/>, or null for the default local directory.</summary>
    INfsFileSystem? Create(NfsExport export);
}
