using System.Net;
using System.Net.NetworkInformation;

namespace Pxe.Tftp;

/// <summary>Who asked for what: passed to providers so they can generate content per client.</summary>
public sealed class TftpRequestContext
{
    /// <summary>Creates a context.</summary>
    public TftpRequestContext(IPEndPoint remoteEndPoint, string fileName, TftpTransferMode mode, PhysicalAddress? hardwareAddress = null)
    {
        RemoteEndPoint = remoteEndPoint ?? throw new ArgumentNullException(nameof(remoteEndPoint));
        FileName = fileName ?? throw new ArgumentNullException(nameof(fileName));
        Mode = mode;
        HardwareAddress = hardwareAddress;
    }

    /// <summary>The client's address and port (its transfer id).</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>The requested name exactly as sent (decoded as UTF-8); providers apply their own rules to it.</summary>
    public string FileName { get; }

    /// <summary>The requested transfer mode.</summary>
    public TftpTransferMode Mode { get; }

    /// <summary>The client's MAC address when the server knows it (from the kernel neighbour table), else <see langword="null"/>.</summary>
    public PhysicalAddress? HardwareAddress { get; }
}
