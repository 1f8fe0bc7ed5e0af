using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SharpPcap;
using SharpPcap.LibPcap;

namespace Pxe.Host.Serve;

/// <summary>
/// Answers IPv6 router solicitations on the boot interface with a router advertisement that says "no router, no
/// DHCPv6" (router lifetime 0, M and O flags clear), so iPXE finishes its IPv6 autoconfiguration at once instead of
/// soliciting for ~16 s before it fetches its script (measured here: RS at 0, 0.25, 0.9, 1.9, 3.9 and 8 s, then the
/// script at 16 s). The frames are read and written at the link layer (libpcap), so this works with IPv6 disabled
/// on the server's interface; nothing is routed and no address or prefix is announced.
/// </summary>
internal sealed partial class RouterAdvertiser : BackgroundService
{
    private const int EthernetHeader = 14;
    private const int Ipv6Header = 40;
    private const byte IcmpV6 = 58;
    private const byte RouterSolicitation = 133;
    private const byte RouterAdvertisement = 134;
    private const int RaLength = 16 + 8; // RFC 4861 §4.2 fixed part + source link-layer address option (§4.6.1)

    private readonly string _interface;
    private readonly ILogger _logger;
    private readonly byte[] _mac;

    public RouterAdvertiser(string interfaceName, ILogger<RouterAdvertiser> logger)
    {
        _interface = interfaceName;
        _logger = logger;
        string text = File.ReadAllText($"/sys/class/net/{interfaceName}/address").Trim();
        _mac = Convert.FromHexString(text.Replace(":", string.Empty, StringComparison.Ordinal));
    }

    /// <summary>Advertisements sent.</summary>
    public int Sent { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The capture loop blocks in libpcap between packets: leave host start-up first.
        await Task.Yield();
        LibPcapLiveDevice? device;
        try
        {
            device = LibPcapLiveDeviceList.New().FirstOrDefault(d => d.Name == _interface);
        }
        catch (Exception e) when (e is DllNotFoundException or PcapException)
        {
            Log.Unavailable(_logger, _interface, e.Message);
            return;
        }

        if (device is null)
        {
            Log.Unavailable(_logger, _interface, "no such capture device");
            return;
        }

        try
        {
            device.Open(DeviceModes.None, 50);
            device.Filter = "icmp6 and ip6[40] == 133";
            byte[] frame = new byte[EthernetHeader + Ipv6Header + RaLength];
            Build(frame, _mac);
            // One unsolicited advertisement at start, then one per solicitation.
            device.SendPacket(frame);
            Log.Started(_logger, _interface);
            while (!stoppingToken.IsCancellationRequested)
            {
                GetPacketStatus status = device.GetNextPacket(out PacketCapture capture);
                if (status == GetPacketStatus.PacketRead && IsSolicitation(capture.Data))
                {
                    device.SendPacket(frame);
                    Sent++;
                }
                else if (status != GetPacketStatus.PacketRead)
                {
                    await Task.Delay(20, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (PcapException e)
        {
            Log.Unavailable(_logger, _interface, e.Message);
        }
        finally
        {
            device.Close();
        }
    }

    private static bool IsSolicitation(ReadOnlySpan<byte> f) =>
        f.Length >= EthernetHeader + Ipv6Header + 8
        && BinaryPrimitives.ReadUInt16BigEndian(f[12..]) == 0x86DD
        && f[EthernetHeader + 6] == IcmpV6
        && f[EthernetHeader + Ipv6Header] == RouterSolicitation;

    /// <summary>Writes the advertisement: to all nodes (ff02::1), from our EUI-64 link-local address.</summary>
    internal static void Build(Span<byte> frame, ReadOnlySpan<byte> mac)
    {
        frame.Clear();
        // Ethernet: 33:33:00:00:00:01 (RFC 2464 §7 mapping of ff02::1), our MAC, IPv6.
        frame[0] = 0x33;
        frame[1] = 0x33;
        frame[5] = 0x01;
        mac.CopyTo(frame[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], 0x86DD);
        Span<byte> ip = frame[EthernetHeader..];
        ip[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], RaLength);
        ip[6] = IcmpV6;
        ip[7] = 255; // RFC 4861 §6.1.2: hop limit must be 255
        Span<byte> src = ip.Slice(8, 16);
        src[0] = 0xfe;
        src[1] = 0x80;
        src[8] = (byte)(mac[0] ^ 0x02); // RFC 4291 Appendix A: modified EUI-64
        src[9] = mac[1];
        src[10] = mac[2];
        src[11] = 0xff;
        src[12] = 0xfe;
        src[13] = mac[3];
        src[14] = mac[4];
        src[15] = mac[5];
        Span<byte> dst = ip.Slice(24, 16);
        dst[0] = 0xff;
        dst[1] = 0x02;
        dst[15] = 0x01;
        Span<byte> icmp = ip.Slice(Ipv6Header, RaLength);
        icmp[0] = RouterAdvertisement;
        // cur hop limit 0 (unspecified), flags 0 (M = O = 0: no DHCPv6), router lifetime 0 (not a default router),
        // reachable time 0, retrans timer 0: RFC 4861 §4.2.
        icmp[16] = 1; // source link-layer address option, length 1 (8 bytes)
        icmp[17] = 1;
        mac.CopyTo(icmp[18..]);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], Checksum(src, dst, icmp));
    }

    /// <summary>RFC 4443 §2.3: one's complement sum over the IPv6 pseudo-header and the message.</summary>
    internal static ushort Checksum(ReadOnlySpan<byte> src, ReadOnlySpan<byte> dst, ReadOnlySpan<byte> message)
    {
        uint sum = 0;
        static uint Add(uint s, ReadOnlySpan<byte> d)
        {
            for (int i = 0; i + 1 < d.Length; i += 2)
            {
                s += BinaryPrimitives.ReadUInt16BigEndian(d[i..]);
            }

            if ((d.Length & 1) != 0)
            {
                s += (uint)d[^1] << 8;
            }

            return s;
        }

        sum = Add(sum, src);
        sum = Add(sum, dst);
        sum += (uint)message.Length;
        sum += IcmpV6;
        sum = Add(sum, message);
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "IPv6: answering router solicitations on {Interface} (no router, no DHCPv6) so iPXE does not wait for one")]
        public static partial void Started(ILogger logger, string @interface);

        [LoggerMessage(EventId = 6011, Level = LogLevel.Warning, Message = "IPv6: cannot answer router solicitations on {Interface} ({Reason}); iPXE will wait ~16 s for IPv6 autoconfiguration")]
        public static partial void Unavailable(ILogger logger, string @interface, string reason);
    }
}
