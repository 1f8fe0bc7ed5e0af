using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using Pxe.Nfs;
using Pxe.Tftp;

namespace Pxe.Host.Serve;

/// <summary>
/// Feeds the <see cref="BootProgressTracker"/> from the NFS server's <see cref="INfsServerObserver"/>: a connection or
/// a granted mount means the initramfs reached its root; a closed connection adds the bytes sent.
/// </summary>
internal sealed class NfsProgressObserver : INfsServerObserver
{
    private readonly BootProgressTracker _tracker;

    public NfsProgressObserver(BootProgressTracker tracker) => _tracker = tracker;

    public void OnConnectionOpened(IPEndPoint peer) =>
        _tracker.OnRequest(peer.Address, null, BootPhase.Root, "NFS connection", 0);

    public void OnConnectionClosed(IPEndPoint peer, long records, long bytesReceived, long bytesSent) =>
        _tracker.OnRequest(peer.Address, null, BootPhase.Root, string.Create(CultureInfo.InvariantCulture, $"NFS done ({records} calls)"), bytesSent);

    public void OnMountGranted(IPAddress? peer, string path)
    {
        if (peer is not null)
        {
            _tracker.OnRequest(peer, null, BootPhase.Root, "NFS mount " + path, 0);
        }
    }
}

/// <summary>
/// Feeds the <see cref="BootProgressTracker"/> from the TFTP server's <see cref="ITftpTransferObserver"/>: the phase is
/// told by the file's name when a transfer starts, the bytes are added when it ends.
/// </summary>
internal sealed class TftpProgressObserver : ITftpTransferObserver
{
    private readonly BootProgressTracker _tracker;
    private readonly ServeOptions _options;

    public TftpProgressObserver(BootProgressTracker tracker, IOptions<ServeOptions> options)
    {
        _tracker = tracker;
        _options = options.Value;
    }

    public void OnTransferStarted(TftpRequestContext request, bool isWrite, long? size)
    {
        string name = request.FileName.TrimStart('/');
        BootPhase phase = ServeHost.Classify("/" + name, _options) is var p && p != BootPhase.None ? p : BootPhase.Tftp;
        _tracker.OnRequest(request.RemoteEndPoint.Address, Mac(request), phase, "TFTP " + name, 0);
    }

    public void OnTransferCompleted(TftpRequestContext request, bool isWrite, long bytes, TimeSpan duration) =>
        _tracker.AddBytes(request.RemoteEndPoint.Address, bytes);

    public void OnTransferFailed(TftpRequestContext request, bool isWrite, TftpTransferOutcome outcome, string? reason, long bytes, TimeSpan duration) =>
        _tracker.AddBytes(request.RemoteEndPoint.Address, bytes);

    private static string? Mac(TftpRequestContext request) =>
        request.HardwareAddress is { } hw ? BootProgressTracker.FormatMac(hw.GetAddressBytes()) : null;
}
