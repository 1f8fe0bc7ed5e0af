using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Pxe.Host.Serve;

/// <summary>
/// Reads the kernel's IPv4 neighbour table (<c>/proc/net/arp</c>) to learn the MAC address behind a client address,
/// and its TCP table (<c>/proc/net/tcp</c>) to see which clients hold connections to a port.
/// </summary>
internal static class NeighborTable
{
    /// <summary>The MAC of <paramref name="address"/>, or null when the kernel does not know it.</summary>
    public static string? Lookup(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork || !File.Exists("/proc/net/arp"))
        {
            return null;
        }

        string wanted = address.ToString();
        try
        {
            foreach (string line in File.ReadLines("/proc/net/arp").Skip(1))
            {
                // IP address  HW type  Flags  HW address  Mask  Device
                string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length >= 4 && f[0] == wanted && f[3] != "00:00:00:00:00:00")
                {
                    return f[3];
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    /// <summary>The remote IPv4 addresses with an established TCP connection to local <paramref name="port"/>.</summary>
    public static IReadOnlyList<IPAddress> EstablishedPeers(int port)
    {
        var peers = new List<IPAddress>();
        if (!File.Exists("/proc/net/tcp"))
        {
            return peers;
        }

        try
        {
            foreach (string line in File.ReadLines("/proc/net/tcp").Skip(1))
            {
                // sl local_address rem_address st ...; addresses are little-endian hex IPv4 : hex port; st 01 = ESTABLISHED.
                string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length < 4 || f[3] != "01")
                {
                    continue;
                }

                int colon = f[1].IndexOf(':', StringComparison.Ordinal);
                if (colon < 0 || int.Parse(f[1].AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture) != port)
                {
                    continue;
                }

                int rc = f[2].IndexOf(':', StringComparison.Ordinal);
                uint raw = uint.Parse(f[2].AsSpan(0, rc), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                peers.Add(new IPAddress(raw));
            }
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
        }

        return peers;
    }
}
