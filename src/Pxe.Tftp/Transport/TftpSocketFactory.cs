using System.Net.Sockets;

namespace Pxe.Tftp;

/// <summary>
/// Creates the UDP sockets of the server and client: one for requests and one per transfer (its RFC 1350
/// transfer id). Replace it to create sockets elsewhere, for example inside a network namespace in tests.
/// </summary>
public class TftpSocketFactory
{
    /// <summary>The receive and send buffer size asked of the kernel for each socket: 1 MiB, room for a 64-block window of large blocks.</summary>
    public const int SocketBufferSize = 1 << 20;

    /// <summary>Creates an unbound UDP socket for <paramref name="family"/>.</summary>
    public virtual Socket CreateUdpSocket(AddressFamily family)
    {
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.ReceiveBufferSize = SocketBufferSize;
            socket.SendBufferSize = SocketBufferSize;
        }
        catch (SocketException)
        {
            // The kernel may cap the sizes (net.core.rmem_max); the defaults still work.
        }

        return socket;
    }
}
