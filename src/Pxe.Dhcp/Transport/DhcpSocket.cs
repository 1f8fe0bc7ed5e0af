using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;

namespace Pxe.Dhcp;

/// <summary>
/// One UDP socket of the server: bound to <c>0.0.0.0:port</c> (DHCP clients send from 0.0.0.0 to 255.255.255.255,
/// so no unicast bind would see them), pinned to one interface with SO_BINDTODEVICE, with IP_PKTINFO on so each
/// datagram reports its ingress interface, and broadcast allowed.
/// </summary>
public sealed class DhcpSocket : IDisposable
{
    private const int SolSocket = 1;
    private const int SoBindToDevice = 25;

    private DhcpSocket(Socket socket, string? interfaceName, Ipv4Address interfaceAddress, int port)
    {
        Socket = socket;
        InterfaceName = interfaceName;
        InterfaceAddress = interfaceAddress;
        Port = port;
    }

    /// <summary>The socket.</summary>
    public Socket Socket { get; }

    /// <summary>The interface it is bound to, or null for all.</summary>
    public string? InterfaceName { get; }

    /// <summary>The interface's first IPv4 address (Any when unbound or unaddressed).</summary>
    public Ipv4Address InterfaceAddress { get; }

    /// <summary>The local port (67 or 4011).</summary>
    public int Port { get; }

    /// <summary>Opens a socket on <paramref name="port"/>, bound to <paramref name="interfaceName"/> when given (Linux; needs CAP_NET_RAW or root).</summary>
    public static DhcpSocket Open(string? interfaceName, int port, IPAddress? bindAddress = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.PacketInformation, true);
            socket.EnableBroadcast = true;
            Ipv4Address address = Ipv4Address.Any;
            if (!string.IsNullOrEmpty(interfaceName))
            {
                if (OperatingSystem.IsLinux())
                {
                    byte[] name = Encoding.ASCII.GetBytes(interfaceName + "\0");
                    socket.SetRawSocketOption(SolSocket, SoBindToDevice, name);
                }

                address = FindInterfaceAddress(interfaceName);
            }

            socket.Bind(new IPEndPoint(bindAddress ?? IPAddress.Any, port));
            return new DhcpSocket(socket, interfaceName, address, ((IPEndPoint)socket.LocalEndPoint!).Port);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The first IPv4 address of the interface called <paramref name="name"/>, or Any.</summary>
    public static Ipv4Address FindInterfaceAddress(string name)
    {
        foreach (NetworkInterface nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.Name != name)
            {
                continue;
            }

            foreach (UnicastIPAddressInformation unicast in nic.GetIPProperties().UnicastAddresses)
            {
                if (unicast.Address.AddressFamily == AddressFamily.InterNetwork)
                {
                    return Ipv4Address.FromIPAddress(unicast.Address);
                }
            }
        }

        return Ipv4Address.Any;
    }

    /// <inheritdoc />
    public void Dispose() => Socket.Dispose();
}
