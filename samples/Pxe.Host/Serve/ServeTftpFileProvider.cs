using System.Text;
using Microsoft.Extensions.Options;
using Pxe.Tftp;

namespace Pxe.Host.Serve;

/// <summary>
/// The TFTP files of <c>pxe serve</c>: the root directory first, then the boot programs of Debian's <c>ipxe</c>
/// package (<c>/usr/lib/ipxe</c>) for the chainloading names, and the generated iPXE script as <c>boot.ipxe</c>.
/// Progress is recorded by <see cref="TftpProgressObserver"/>, not here.
/// </summary>
internal sealed class ServeTftpFileProvider : ITftpFileProvider
{
    private readonly ServeOptions _options;
    private readonly DirectoryTftpFileProvider? _root;
    private readonly HashSet<string> _ipxeNames;
    private readonly IpxeScriptGenerator _scripts;

    public ServeTftpFileProvider(IOptions<ServeOptions> options, IpxeScriptGenerator scripts)
    {
        _options = options.Value;
        _scripts = scripts;
        _root = _options.Root is { } root && Directory.Exists(root) ? new DirectoryTftpFileProvider(root) : null;
        _ipxeNames = new HashSet<string>(StringComparer.Ordinal) { _options.BootFileBios, _options.BootFileEfi, "undionly.kpxe", "undionly.kkpxe", "ipxe.efi", "snponly.efi", "ipxe.pxe", "ipxe.lkrn" };
    }

    public async ValueTask<TftpOpenResult<ITftpReadableFile>> OpenReadAsync(TftpRequestContext context, CancellationToken cancellationToken)
    {
        string name = context.FileName.TrimStart('/');
        string? mac = context.HardwareAddress is { } hw ? BootProgressTracker.FormatMac(hw.GetAddressBytes()) : null;
        TftpOpenResult<ITftpReadableFile> result = default;
        if (_root is not null)
        {
            result = await _root.OpenReadAsync(context, cancellationToken).ConfigureAwait(false);
        }

        if (result.File is null && _options.IpxeScript is null && name == ServeOptions.GeneratedScriptName)
        {
            BootProfile? profile = _scripts.SelectFor(context.RemoteEndPoint.Address, mac);
            byte[] script = Encoding.UTF8.GetBytes(_scripts.Generate(profile, _scripts.HttpBase()));
            result = TftpOpenResult<ITftpReadableFile>.Success(new MemoryTftpFile(script));
        }

        if (result.File is null && IsChainloadName(name) && OpenPackaged(name) is { } packaged)
        {
            result = TftpOpenResult<ITftpReadableFile>.Success(packaged);
        }

        return result.File is null && result.ErrorCode == TftpErrorCode.NotDefined && result.ErrorMessage is null
            ? TftpOpenResult<ITftpReadableFile>.Error(TftpErrorCode.FileNotFound, "file not found")
            : result;
    }

    /// <summary>
    /// A boot program from the ipxe package by its exact name. Debian links some of them elsewhere
    /// (<c>ipxe.efi</c> → <c>/boot/ipxe.efi</c>), which a jailed directory provider rightly refuses, so the
    /// link is followed here: the names are fixed by this server, never taken from the path the client sent.
    /// </summary>
    private PackagedFile? OpenPackaged(string name)
    {
        string file = Path.GetFileName(name);
        if (!_ipxeNames.Contains(file))
        {
            return null;
        }

        string path = Path.Combine(_options.IpxeDirectory, file);
        if (!File.Exists(path))
        {
            return null;
        }

        return new PackagedFile(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read));
    }

    private bool IsChainloadName(string name) =>
        _ipxeNames.Contains(name);

    /// <summary>A whole file read with positional reads.</summary>
    private sealed class PackagedFile(Microsoft.Win32.SafeHandles.SafeFileHandle handle) : ITftpReadableFile
    {
        public long Length { get; } = RandomAccess.GetLength(handle);

        public int Read(long offset, Span<byte> destination) => RandomAccess.Read(handle, destination, offset);

        public void Dispose() => handle.Dispose();
    }
}
