using Microsoft.Win32.SafeHandles;

namespace Pxe.Tftp;

/// <summary>A readable file over an open operating-system handle, read with positional reads (<see cref="RandomAccess"/>).</summary>
internal sealed class HandleTftpFile : ITftpReadableFile
{
    private readonly SafeFileHandle _handle;

    public HandleTftpFile(SafeFileHandle handle, long length)
    {
        _handle = handle;
        Length = length;
    }

    public long Length { get; }

    public int Read(long offset, Span<byte> destination)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int n = RandomAccess.Read(_handle, destination[total..], offset + total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    public void Dispose() => _handle.Dispose();
}
