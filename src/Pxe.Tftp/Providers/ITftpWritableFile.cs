namespace Pxe.Tftp;

/// <summary>A file being received by a write transfer (WRQ): appended in order, then committed or discarded.</summary>
public interface ITftpWritableFile : IDisposable
{
    /// <summary>Appends <paramref name="data"/>.</summary>
    void Write(ReadOnlySpan<byte> data);

    /// <summary>Makes the file visible under its name (for a directory: renames the temporary file). Disposing without commit discards it.</summary>
    void Commit();
}
