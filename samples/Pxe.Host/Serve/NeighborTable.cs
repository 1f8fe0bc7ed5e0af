using System.Net;
using System.Net.Sockets;

namespace Pxe.Host.Serve;

/// <summary>
/// Reads the kernel's IPv4 neighbour table (<c>/proc/net/arp</c>) to learn the MAC address behind a client address.
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
}
