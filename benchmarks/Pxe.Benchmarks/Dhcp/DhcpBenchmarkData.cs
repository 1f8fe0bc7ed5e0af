using Pxe.Dhcp;

namespace Pxe.Benchmarks.Dhcp;

/// <summary>Which message a DHCP benchmark works on.</summary>
public enum DhcpMessageKind
{
    /// <summary>An iPXE BIOS DISCOVER (the option set E2E-NOTES records from the ROM).</summary>
    Discover,

    /// <summary>The server's OFFER to it.</summary>
    Offer,

    /// <summary>The REQUEST that selects it.</summary>
    Request,

    /// <summary>The server's ACK.</summary>
    Ack,
}

/// <summary>Messages for the DHCP benchmarks: client messages shaped like the iPXE ROM's, replies made by the responder.</summary>
internal static class DhcpBenchmarkData
{
    public static readonly Ipv4Address ServerIp = new(10, 88, 0, 1);

    public static readonly DhcpReceiveContext Context = new(ServerIp, 2, Ipv4Address.Any, 68, 67);

    public static DhcpResponder CreateResponder()
    {
        var settings = new DhcpResponderSettings { ServerIdentifier = ServerIp };
        settings.Pools.Add(new DhcpPool(new Ipv4Address(10, 88, 0, 100), new Ipv4Address(10, 88, 0, 250), new Ipv4Address(255, 255, 255, 0))
        {
            Routers = [ServerIp],
            DnsServers = [ServerIp],
        });
        return new DhcpResponder(settings, new InMemoryDhcpLeaseStore(), new ConfiguredBootPolicy(new DhcpBootSettings
        {
            BiosBootFile = "undionly.kpxe",
            EfiX64BootFile = "ipxe.efi",
            IpxeScript = "http://10.88.0.1/boot.ipxe",
        }));
    }

    public static byte[] Client(DhcpMessageType type, Ipv4Address requested)
    {
        byte[] buffer = new byte[600];
        DhcpPacketWriter.TryCreate(buffer, out DhcpPacketWriter w);
        w.Op = BootpOpCode.BootRequest;
        w.SetClientHardwareAddress(HardwareAddress.Parse("52:54:00:77:00:20"));
        w.TransactionId = 0x94b24c50;
        var o = new DhcpOptionWriter(w.OptionsArea);
        o.TryWriteMessageType(type);
        o.TryWriteUInt16(DhcpOptionCode.MaxMessageSize, 1472);
        o.TryWriteUInt16(DhcpOptionCode.ClientSystemArchitecture, 0);
        o.TryWrite(DhcpOptionCode.ClientNetworkInterface, [1, 2, 1]);
        o.TryWrite(DhcpOptionCode.VendorClassIdentifier, "PXEClient:Arch:00000:UNDI:002001"u8);
        o.TryWrite(DhcpOptionCode.ParameterRequestList, [1, 3, 6, 7, 12, 15, 17, 26, 43, 60, 66, 67, 119, 128, 175]);
        o.TryWrite(DhcpOptionCode.ClientIdentifier, [1, 0x52, 0x54, 0x00, 0x77, 0x00, 0x20]);
        o.TryWrite(DhcpOptionCode.ClientMachineIdentifier, new byte[17]);
        if (type == DhcpMessageType.Request)
        {
            o.TryWriteAddress(DhcpOptionCode.ServerIdentifier, ServerIp);
            o.TryWriteAddress(DhcpOptionCode.RequestedIpAddress, requested);
        }

        o.TryWriteEnd();
        return buffer[..w.Complete(o.BytesWritten)];
    }

    /// <summary>The four messages of one exchange, as bytes.</summary>
    public static byte[] Get(DhcpMessageKind kind)
    {
        DhcpResponder responder = CreateResponder();
        byte[] reply = new byte[DhcpLimits.MaxReplyLength];
        byte[] discover = Client(DhcpMessageType.Discover, default);
        DhcpResponse offer = responder.Respond(discover, Context, reply);
        byte[] offerBytes = reply[..offer.Length];
        Ipv4Address yiaddr = DhcpPacket.Create(offerBytes).YourAddress;
        byte[] request = Client(DhcpMessageType.Request, yiaddr);
        DhcpResponse ack = responder.Respond(request, Context, reply);
        return kind switch
        {
            DhcpMessageKind.Discover => discover,
            DhcpMessageKind.Offer => offerBytes,
            DhcpMessageKind.Request => request,
            _ => reply[..ack.Length],
        };
    }
}
