using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;

namespace Pxe.Tftp;

/// <summary>Looks a client's MAC address up in the kernel's IPv4 neighbour table (<c>/proc/net/arp</c>); null when unknown or not on Linux.</summary>
internal static class NeighborTable
{
    private const string ArpTable = "/proc/net/arp";

    public static PhysicalAddress? Lookup(IPAddress address)
    {
        if (!OperatingSystem.IsLinux() || address.IsIPv4MappedToIPv6 is false && address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return null;
        }

        string ip = (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
        try
        {
            foreach (string line in File.ReadLines(ArpTable).Skip(1))
            {
                string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length >= 4 && f[0] == ip && f[3] != "00:00:00:00:00:00")
                {
                    return PhysicalAddress.Parse(f[3].Replace(':', '-').ToUpper(CultureInfo.InvariantCulture));
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        catch (FormatException)
        {
        }

        return null;
    }
}
