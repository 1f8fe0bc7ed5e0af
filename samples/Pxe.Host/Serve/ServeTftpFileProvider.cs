using System.Text;
using Microsoft.Extensions.Options;
using Pxe.Tftp;

namespace Pxe.Host.Serve;

/// <summary>
/// The TFTP files of <c>pxe serve</c>: the root directory first, then the boot programs of Debian's <c>ipxe</c>
/// package (<c>/usr/lib/ipxe</c>) for the chainloading names, and the generated iPXE script as <c>boot.ipxe</c>.
/// Each transfer is recorded in the <see cref="BootProgressTracker"/> with its bytes.
/// </summary>
internal sealed class ServeTftpFileProvider : ITftpFileProvider
{
    private readonly ServeOptions _options;
    private readonly DirectoryTftpFileProvider? _root;
    private readonly DirectoryTftpFileProvider? _ipxe;
    private readonly IpxeScriptGenerator _scripts;
    private readonly BootProgressTracker _tracker;

    public ServeTftpFileProvider(IOptions<ServeOptions> options, IpxeScriptGenerator scripts, BootProgressTracker tracker)
    {
        _options = options.Value;
        _scripts = scripts;
        _tracker = tracker;
        _root = _options.Root is { } root && Directory.Exists(root) ? new DirectoryTftpFileProvider(root) : null;
        _ipxe = Directory.Exists(_options.IpxeDirectory) ? new DirectoryTftpFileProvider(_options.IpxeDirectory) : null;
    }

    public async ValueTask<TftpOpenResult<ITftpReadableFile>> OpenReadAsync(TftpRequestContext context, CancellationToken cancellationToken)
    {
        string name = context.FileName.TrimStart('/');
        string? mac = context.HardwareAddress is { } hw ? FormatMac(hw.GetAddressBytes()) : null;
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

        if (result.File is null && _ipxe is not null && IsChainloadName(name))
        {
            result = await _ipxe.OpenReadAsync(new TftpRequestContext(context.RemoteEndPoint, Path.GetFileName(name), context.Mode, context.HardwareAddress), cancellationToken).ConfigureAwait(false);
        }

        if (result.File is null)
        {
            return result.ErrorCode == TftpErrorCode.NotDefined && result.ErrorMessage is null
                ? TftpOpenResult<ITftpReadableFile>.Error(TftpErrorCode.FileNotFound, "file not found")
                : result;
        }

        BootPhase phase = name == ServeOptions.GeneratedScriptName || name.EndsWith(".ipxe", StringComparison.OrdinalIgnoreCase) ? BootPhase.Script : BootPhase.Tftp;
        _tracker.OnRequest(context.RemoteEndPoint.Address, mac, phase, "TFTP " + name, 0);
        return TftpOpenResult<ITftpReadableFile>.Success(new CountingFile(result.File, this, context.RemoteEndPoint.Address));
    }

    private bool IsChainloadName(string name) =>
        name == _options.BootFileBios || name == _options.BootFileEfi
        || name is "undionly.kpxe" or "ipxe.efi" or "snponly.efi" or "ipxe.pxe" or "ipxe.lkrn";

    private static string FormatMac(byte[] bytes) => string.Join(':', bytes.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Counts the bytes read for the progress view (each block read once, re-reads of lost blocks included).</summary>
    private sealed class CountingFile : ITftpReadableFile
    {
        private readonly ITftpReadableFile _inner;
        private readonly ServeTftpFileProvider _owner;
        private readonly System.Net.IPAddress _client;
        private long _counted;

        public CountingFile(ITftpReadableFile inner, ServeTftpFileProvider owner, System.Net.IPAddress client)
        {
            _inner = inner;
            _owner = owner;
            _client = client;
        }

        public long Length => _inner.Length;

        public int Read(long offset, Span<byte> destination)
        {
            int n = _inner.Read(offset, destination);
            _counted += n;
            return n;
        }

        public void Dispose()
        {
            _owner._tracker.AddBytes(_client, _counted);
            _inner.Dispose();
        }
    }
}
