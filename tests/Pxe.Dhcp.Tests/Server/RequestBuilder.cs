namespace Pxe.Dhcp.Tests.Server;

/// <summary>Builds client messages for responder tests.</summary>
internal sealed class RequestBuilder
{
    public DhcpMessageType Type { get; set; } = DhcpMessageType.Discover;
    public HardwareAddress Mac { get; set; } = HardwareAddress.Parse("52:54:00:00:00:01");
    public uint Xid { get; set; } = 0xCAFE0001;
    public Ipv4Address Ciaddr { get; set; }
    public Ipv4Address Giaddr { get; set; }
    public DhcpFlags Flags { get; set; }
    public Ipv4Address? Requested { get; set; }
    public Ipv4Address? ServerId { get; set; }
    public ushort? Arch { get; set; }
    public string? VendorClass { get; set; }
    public byte[]? UserClass { get; set; }
    public byte[]? ClientId { get; set; }
    public byte[]? MachineId { get; set; }
    public byte[] ParameterRequestList { get; set; } = [1, 3, 6, 15, 51, 54];
    public byte[]? RelayInfo { get; set; }

    public byte[] Build()
    {
        byte[] buffer = new byte[600];
        DhcpPacketWriter.TryCreate(buffer, out DhcpPacketWriter w);
        w.Op = BootpOpCode.BootRequest;
        w.SetClientHardwareAddress(Mac);
        w.TransactionId = Xid;
        w.Flags = Flags;
        w.ClientAddress = Ciaddr;
        w.GatewayAddress = Giaddr;
        if (!Giaddr.IsAny)
        {
            w.Hops = 1;
        }

        var o = new DhcpOptionWriter(w.OptionsArea);
        o.TryWriteMessageType(Type);
        if (ClientId is not null)
        {
            o.TryWrite(DhcpOptionCode.ClientIdentifier, ClientId);
        }

        if (Requested is { } r)
        {
            o.TryWriteAddress(DhcpOptionCode.RequestedIpAddress, r);
        }

        if (ServerId is { } s)
        {
            o.TryWriteAddress(DhcpOptionCode.ServerIdentifier, s);
        }

        if (Arch is { } a)
        {
            o.TryWriteUInt16(DhcpOptionCode.ClientSystemArchitecture, a);
        }

        if (VendorClass is not null)
        {
            o.TryWrite(DhcpOptionCode.VendorClassIdentifier, System.Text.Encoding.ASCII.GetBytes(VendorClass));
        }

        if (UserClass is not null)
        {
            o.TryWrite(DhcpOptionCode.UserClass, UserClass);
        }

        if (MachineId is not null)
        {
            o.TryWrite(DhcpOptionCode.ClientMachineIdentifier, MachineId);
        }

        o.TryWrite(DhcpOptionCode.ParameterRequestList, ParameterRequestList);
        if (RelayInfo is not null)
        {
            o.TryWrite(DhcpOptionCode.RelayAgentInformation, RelayInfo);
        }

        o.TryWriteEnd();
        return buffer[..w.Complete(o.BytesWritten)];
    }
}
