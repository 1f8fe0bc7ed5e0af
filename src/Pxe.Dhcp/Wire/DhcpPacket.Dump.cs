using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Pxe.Dhcp;

public readonly ref partial struct DhcpPacket
{
    /// <summary>
    /// A stable, line-oriented text rendering of the whole message (header, then every option instance in area
    /// order, decoded where the type is known and hex otherwise). Golden replay tests compare this text; it
    /// allocates and is meant for tools, logs at Debug level and tests, never the datagram path.
    /// </summary>
    public string Dump()
    {
        var sb = new StringBuilder(512);
        var inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"op={Op} htype={HardwareType} hlen={HardwareAddressLength} hops={Hops} xid=0x{TransactionId:x8} secs={Seconds} flags={Flags}\n");
        sb.Append(inv, $"ciaddr={ClientAddress} yiaddr={YourAddress} siaddr={ServerAddress} giaddr={GatewayAddress}\n");
        sb.Append(inv, $"chaddr={ClientHardwareAddress}\n");
        sb.Append(inv, $"sname={Text(ServerName)} file={Text(BootFileName)} overload={Overload}\n");
        foreach (DhcpOption option in Options)
        {
            sb.Append(inv, $"option {(byte)option.Code} {Name(option.Code)}: ");
            AppendValue(sb, option.Code, option.Value);
            sb.Append('\n');
        }

        sb.Append(inv, $"length={Bytes.Length}\n");
        return sb.ToString();
    }

    private static string Name(DhcpOptionCode code)
    {
        string name = code.ToString();
        return char.IsAsciiDigit(name[0]) ? "Unknown" : name;
    }

    private static string Text(ReadOnlySpan<byte> value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        foreach (byte b in value)
        {
            if (b is >= 0x20 and < 0x7F and not (byte)'"' and not (byte)'\\')
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
            }
        }

        return sb.Append('"').ToString();
    }

    private static string Hex(ReadOnlySpan<byte> value) => value.IsEmpty ? "(empty)" : Convert.ToHexString(value).ToLowerInvariant();

    private static void AppendValue(StringBuilder sb, DhcpOptionCode code, ReadOnlySpan<byte> value)
    {
        var inv = CultureInfo.InvariantCulture;
        switch (code)
        {
            case DhcpOptionCode.MessageType when value.Length == 1:
                sb.Append(((DhcpMessageType)value[0]).ToString());
                return;
            case DhcpOptionCode.SubnetMask or DhcpOptionCode.BroadcastAddress or DhcpOptionCode.RequestedIpAddress or DhcpOptionCode.ServerIdentifier
                or DhcpOptionCode.Router or DhcpOptionCode.DomainNameServer or DhcpOptionCode.NtpServers or DhcpOptionCode.TftpServerAddress
                when value.Length % 4 == 0 && value.Length > 0:
                for (int i = 0; i < value.Length; i += 4)
                {
                    sb.Append(i == 0 ? string.Empty : ",").Append(Ipv4Address.Read(value[i..]).ToString());
                }

                return;
            case DhcpOptionCode.IpAddressLeaseTime or DhcpOptionCode.RenewalTime or DhcpOptionCode.RebindingTime or DhcpOptionCode.PxelinuxRebootTime
                when value.Length == 4:
                sb.Append(BinaryPrimitives.ReadUInt32BigEndian(value));
                return;
            case DhcpOptionCode.MaxMessageSize when value.Length == 2:
                sb.Append(BinaryPrimitives.ReadUInt16BigEndian(value));
                return;
            case DhcpOptionCode.ParameterRequestList:
                for (int i = 0; i < value.Length; i++)
                {
                    sb.Append(i == 0 ? string.Empty : ",").Append(value[i]);
                }

                return;
            case DhcpOptionCode.HostName or DhcpOptionCode.DomainName or DhcpOptionCode.VendorClassIdentifier or DhcpOptionCode.TftpServerName
                or DhcpOptionCode.BootFileName or DhcpOptionCode.Message or DhcpOptionCode.PxelinuxConfigFile or DhcpOptionCode.PxelinuxPathPrefix or DhcpOptionCode.RootPath:
                sb.Append(Text(value));
                return;
            case DhcpOptionCode.UserClass:
                sb.Append(UserClass.IsRfc3004Framed(value) ? "rfc3004 " : "raw ").Append(Text(value));
                return;
            case DhcpOptionCode.ClientSystemArchitecture:
                for (int i = 0; PxeClientArchitectures.TryGet(value, i, out PxeClientArchitecture arch); i++)
                {
                    sb.Append(i == 0 ? string.Empty : ",").Append(arch.ToString());
                }

                if (value.Length % 2 != 0)
                {
                    sb.Append(" (odd length ").Append(Hex(value)).Append(')');
                }

                return;
            case DhcpOptionCode.ClientMachineIdentifier when ClientMachineId.TryRead(value, out ClientMachineId id):
                sb.Append("guid ").Append(id.ToString());
                return;
            case DhcpOptionCode.VendorSpecific or DhcpOptionCode.IpxeEncapsulated or DhcpOptionCode.RelayAgentInformation:
                var sub = new DhcpOptionEnumerator(value);
                bool first = true;
                foreach (DhcpOption o in sub)
                {
                    sb.Append(first ? "[" : " [").Append((byte)o.Code).Append(": ").Append(Hex(o.Value)).Append(']');
                    first = false;
                }

                if (sub.Status != DhcpParseStatus.Success || first)
                {
                    sb.Append(first ? string.Empty : " ").Append("raw ").Append(Hex(value));
                }

                return;
            default:
                sb.Append(inv, $"{Hex(value)}");
                return;
        }
    }
}
