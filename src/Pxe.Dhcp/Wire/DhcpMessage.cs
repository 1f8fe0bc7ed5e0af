namespace Pxe.Dhcp;

/// <summary>One option of a <see cref="DhcpMessage"/> model: code and value (any length; long values are split on write).</summary>
/// <param name="Code">The option code.</param>
/// <param name="Value">The value bytes.</param>
public sealed record DhcpOptionValue(DhcpOptionCode Code, byte[] Value);

/// <summary>
/// The semantic model of a DHCP message: allocates, for configuration, tests and generators (STYLE rule 4).
/// The datagram path uses <see cref="DhcpPacket"/> and <see cref="DhcpPacketWriter"/> instead.
/// </summary>
/// <remarks>
/// Options are those of the options field, in order; adjacent instances of one code are joined (RFC 3396), and
/// <see cref="TryWrite"/> splits values over 255 bytes again. sname, file and chaddr are kept as raw fields so a
/// message read from the wire re-encodes byte for byte, including overloaded areas. <see cref="PaddingLength"/>
/// counts the zero bytes after END.
/// </remarks>
public sealed class DhcpMessage
{
    /// <summary>op.</summary>
    public BootpOpCode Op { get; set; } = BootpOpCode.BootRequest;

    /// <summary>htype.</summary>
    public byte HardwareType { get; set; } = 1;

    /// <summary>hlen.</summary>
    public byte HardwareAddressLength { get; set; } = 6;

    /// <summary>hops.</summary>
    public byte Hops { get; set; }

    /// <summary>xid.</summary>
    public uint TransactionId { get; set; }

    /// <summary>secs.</summary>
    public ushort Seconds { get; set; }

    /// <summary>flags.</summary>
    public DhcpFlags Flags { get; set; }

    /// <summary>ciaddr.</summary>
    public Ipv4Address ClientAddress { get; set; }

    /// <summary>yiaddr.</summary>
    public Ipv4Address YourAddress { get; set; }

    /// <summary>siaddr.</summary>
    public Ipv4Address ServerAddress { get; set; }

    /// <summary>giaddr.</summary>
    public Ipv4Address GatewayAddress { get; set; }

    /// <summary>The raw 16-byte chaddr field.</summary>
    public byte[] ClientHardwareAddressField { get; set; } = new byte[16];

    /// <summary>The raw 64-byte sname field.</summary>
    public byte[] ServerNameField { get; set; } = new byte[64];

    /// <summary>The raw 128-byte file field.</summary>
    public byte[] BootFileField { get; set; } = new byte[128];

    /// <summary>Options of the options field, in order.</summary>
    public IList<DhcpOptionValue> Options { get; } = new List<DhcpOptionValue>();

    /// <summary>Zero bytes after END; -1 when what follows END is not all zero (it is then not re-encoded).</summary>
    public int PaddingLength { get; set; }

    /// <summary>
    /// Reads a model from a datagram. On <see langword="false"/> <paramref name="message"/> is <see langword="null"/>
    /// and <paramref name="status"/> says why. Unknown options are kept byte for byte.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out DhcpMessage? message, out DhcpParseStatus status)
    {
        if (!DhcpPacket.TryCreate(source, out DhcpPacket packet, out status))
        {
            message = null;
            return false;
        }

        var m = new DhcpMessage
        {
            Op = packet.Op,
            HardwareType = packet.HardwareType,
            HardwareAddressLength = (byte)packet.HardwareAddressLength,
            Hops = packet.Hops,
            TransactionId = packet.TransactionId,
            Seconds = packet.Seconds,
            Flags = packet.Flags,
            ClientAddress = packet.ClientAddress,
            YourAddress = packet.YourAddress,
            ServerAddress = packet.ServerAddress,
            GatewayAddress = packet.GatewayAddress,
            ClientHardwareAddressField = packet.ClientHardwareAddressField.ToArray(),
            ServerNameField = packet.ServerNameField.ToArray(),
            BootFileField = packet.BootFileField.ToArray(),
        };

        ReadOnlySpan<byte> area = packet.OptionsField;
        int pos = 0;
        while (area[pos] != (byte)DhcpOptionCode.End)
        {
            if (area[pos] == (byte)DhcpOptionCode.Pad)
            {
                // Interior PAD is not modelled; such a message does not re-encode byte for byte.
                pos++;
                continue;
            }

            var code = (DhcpOptionCode)area[pos];
            byte[] value = area.Slice(pos + 2, area[pos + 1]).ToArray();
            pos += 2 + value.Length;
            if (m.Options.Count > 0 && m.Options[^1].Code == code && m.Options[^1].Value.Length % DhcpLimits.MaxOptionDataLength == 0 && m.Options[^1].Value.Length > 0)
            {
                // RFC 3396: a full 255-byte instance followed by the same code continues the same option.
                m.Options[^1] = m.Options[^1] with { Value = [.. m.Options[^1].Value, .. value] };
            }
            else
            {
                m.Options.Add(new DhcpOptionValue(code, value));
            }
        }

        m.PaddingLength = area.Length - pos - 1;
        if (area[(pos + 1)..].ContainsAnyExcept((byte)0))
        {
            // Non-zero bytes after END cannot be modelled as padding: -1 says so, and such a message does not
            // re-encode byte for byte (the replay tests assert that no captured client sends any).
            m.PaddingLength = -1;
        }

        message = m;
        return true;
    }

    /// <summary>The exact number of bytes <see cref="TryWrite"/> writes.</summary>
    public int GetEncodedLength()
    {
        int length = DhcpLimits.HeaderLength + 1 + Math.Max(PaddingLength, 0);
        foreach (DhcpOptionValue option in Options)
        {
            length += DhcpOptionWriter.GetEncodedLength(option.Value.Length);
        }

        return length;
    }

    /// <summary>
    /// Writes the message. On <see langword="false"/> (destination shorter than <see cref="GetEncodedLength"/>)
    /// <paramref name="bytesWritten"/> is 0.
    /// </summary>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        int length = GetEncodedLength();
        if (destination.Length < length || !DhcpPacketWriter.TryCreate(destination, out DhcpPacketWriter w))
        {
            bytesWritten = 0;
            return false;
        }

        w.Op = Op;
        w.HardwareType = HardwareType;
        destination[2] = HardwareAddressLength;
        w.Hops = Hops;
        w.TransactionId = TransactionId;
        w.Seconds = Seconds;
        w.Flags = Flags;
        w.ClientAddress = ClientAddress;
        w.YourAddress = YourAddress;
        w.ServerAddress = ServerAddress;
        w.GatewayAddress = GatewayAddress;
        ClientHardwareAddressField.AsSpan(0, Math.Min(16, ClientHardwareAddressField.Length)).CopyTo(w.ClientHardwareAddressField);
        ServerNameField.AsSpan(0, Math.Min(64, ServerNameField.Length)).CopyTo(w.ServerNameField);
        BootFileField.AsSpan(0, Math.Min(128, BootFileField.Length)).CopyTo(w.BootFileField);
        var options = new DhcpOptionWriter(w.OptionsArea);
        foreach (DhcpOptionValue option in Options)
        {
            options.TryWrite(option.Code, option.Value);
        }

        options.TryWriteEnd();
        int end = DhcpLimits.HeaderLength + options.BytesWritten;
        destination[end..length].Clear();
        bytesWritten = length;
        return true;
    }

    /// <summary>The encoded message.</summary>
    public byte[] ToArray()
    {
        byte[] bytes = new byte[GetEncodedLength()];
        TryWrite(bytes, out _);
        return bytes;
    }

    /// <summary>The <see cref="DhcpPacket.Dump"/> text of the encoded message.</summary>
    public override string ToString() => DhcpPacket.TryCreate(ToArray(), out DhcpPacket p, out DhcpParseStatus s) ? p.Dump() : $"(invalid: {s})";
}
