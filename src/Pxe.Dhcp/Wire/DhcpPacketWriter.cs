using System.Buffers.Binary;

namespace Pxe.Dhcp;

/// <summary>
/// Writes the fixed BOOTP header and magic cookie into a <see cref="Span{T}"/> (RFC 2131 §2). Options go into
/// <see cref="OptionsArea"/> through a <see cref="DhcpOptionWriter"/>; <see cref="Complete"/> pads to the BOOTP
/// minimum and returns the datagram length.
/// </summary>
/// <remarks>
/// <c>TryCreate</c> zeroes the first 240 bytes, so fields not set are 0. Overloaded options (52) are written by
/// creating a <see cref="DhcpOptionWriter"/> over <see cref="BootFileField"/> or <see cref="ServerNameField"/>.
/// </remarks>
public readonly ref struct DhcpPacketWriter
{
    private readonly Span<byte> _buffer;

    private DhcpPacketWriter(Span<byte> buffer) => _buffer = buffer;

    /// <summary>
    /// Starts a message in <paramref name="destination"/> (at least 240 bytes): zeroes the header and writes the
    /// magic cookie. On <see langword="false"/> <paramref name="writer"/> is treated as uninitialized.
    /// </summary>
    public static bool TryCreate(Span<byte> destination, out DhcpPacketWriter writer)
    {
        if (destination.Length < DhcpLimits.HeaderLength)
        {
            writer = default;
            return false;
        }

        destination[..DhcpLayout.MagicCookieOffset].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(destination[DhcpLayout.MagicCookieOffset..], DhcpLayout.MagicCookie);
        writer = new DhcpPacketWriter(destination);
        return true;
    }

    /// <summary>op.</summary>
    public BootpOpCode Op { get => (BootpOpCode)_buffer[DhcpLayout.OpOffset]; set => _buffer[DhcpLayout.OpOffset] = (byte)value; }

    /// <summary>htype.</summary>
    public byte HardwareType { get => _buffer[DhcpLayout.HardwareTypeOffset]; set => _buffer[DhcpLayout.HardwareTypeOffset] = value; }

    /// <summary>hops.</summary>
    public byte Hops { get => _buffer[DhcpLayout.HopsOffset]; set => _buffer[DhcpLayout.HopsOffset] = value; }

    /// <summary>xid.</summary>
    public uint TransactionId
    {
        get => BinaryPrimitives.ReadUInt32BigEndian(_buffer[DhcpLayout.XidOffset..]);
        set => BinaryPrimitives.WriteUInt32BigEndian(_buffer[DhcpLayout.XidOffset..], value);
    }

    /// <summary>secs.</summary>
    public ushort Seconds
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_buffer[DhcpLayout.SecsOffset..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_buffer[DhcpLayout.SecsOffset..], value);
    }

    /// <summary>flags.</summary>
    public DhcpFlags Flags
    {
        get => (DhcpFlags)BinaryPrimitives.ReadUInt16BigEndian(_buffer[DhcpLayout.FlagsOffset..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_buffer[DhcpLayout.FlagsOffset..], (ushort)value);
    }

    /// <summary>ciaddr.</summary>
    public Ipv4Address ClientAddress { get => Ipv4Address.Read(_buffer[DhcpLayout.CiaddrOffset..]); set => value.TryWrite(_buffer[DhcpLayout.CiaddrOffset..]); }

    /// <summary>yiaddr.</summary>
    public Ipv4Address YourAddress { get => Ipv4Address.Read(_buffer[DhcpLayout.YiaddrOffset..]); set => value.TryWrite(_buffer[DhcpLayout.YiaddrOffset..]); }

    /// <summary>siaddr (next server).</summary>
    public Ipv4Address ServerAddress { get => Ipv4Address.Read(_buffer[DhcpLayout.SiaddrOffset..]); set => value.TryWrite(_buffer[DhcpLayout.SiaddrOffset..]); }

    /// <summary>giaddr.</summary>
    public Ipv4Address GatewayAddress { get => Ipv4Address.Read(_buffer[DhcpLayout.GiaddrOffset..]); set => value.TryWrite(_buffer[DhcpLayout.GiaddrOffset..]); }

    /// <summary>The 16-byte chaddr field.</summary>
    public Span<byte> ClientHardwareAddressField => _buffer.Slice(DhcpLayout.ChaddrOffset, DhcpLayout.ChaddrLength);

    /// <summary>The 64-byte sname field.</summary>
    public Span<byte> ServerNameField => _buffer.Slice(DhcpLayout.SnameOffset, DhcpLayout.SnameLength);

    /// <summary>The 128-byte file field.</summary>
    public Span<byte> BootFileField => _buffer.Slice(DhcpLayout.FileOffset, DhcpLayout.FileLength);

    /// <summary>Everything after the magic cookie.</summary>
    public Span<byte> OptionsArea => _buffer[DhcpLayout.OptionsOffset..];

    /// <summary>Sets htype, hlen and chaddr from <paramref name="address"/> (htype 1, Ethernet, unless given).</summary>
    public void SetClientHardwareAddress(HardwareAddress address, byte hardwareType = 1)
    {
        _buffer[DhcpLayout.HardwareTypeOffset] = hardwareType;
        _buffer[DhcpLayout.HardwareLengthOffset] = (byte)address.Length;
        ClientHardwareAddressField.Clear();
        address.AsSpan().CopyTo(ClientHardwareAddressField);
    }

    /// <summary>
    /// Copies htype, hlen, xid, flags, giaddr and the whole chaddr field from a request, as RFC 2131 §4.3.1 table 3
    /// requires of a reply. Hops is 0 (RFC 1542 §4.1.2 is the relay's business).
    /// </summary>
    public void CopyRequestFields(in DhcpPacket request)
    {
        _buffer[DhcpLayout.HardwareTypeOffset] = request.HardwareType;
        _buffer[DhcpLayout.HardwareLengthOffset] = (byte)request.HardwareAddressLength;
        TransactionId = request.TransactionId;
        Flags = request.Flags;
        GatewayAddress = request.GatewayAddress;
        request.ClientHardwareAddressField.CopyTo(ClientHardwareAddressField);
    }

    /// <summary>Writes a NUL-terminated server host name into sname; <see langword="false"/> when it does not fit with its NUL (63 bytes at most).</summary>
    public bool TrySetServerName(ReadOnlySpan<byte> name) => TrySetText(ServerNameField, name);

    /// <summary>Writes a NUL-terminated boot file name into file; <see langword="false"/> when it does not fit with its NUL (127 bytes at most).</summary>
    public bool TrySetBootFileName(ReadOnlySpan<byte> name) => TrySetText(BootFileField, name);

    /// <summary>
    /// Finishes the message: pads with zeros after <paramref name="optionsLength"/> bytes of options up to 300 bytes
    /// (RFC 1542 §2.1, when the buffer allows) and returns the datagram length.
    /// </summary>
    public int Complete(int optionsLength)
    {
        int length = DhcpLayout.OptionsOffset + optionsLength;
        if (length > _buffer.Length)
        {
            ThrowHelper.ThrowArgument(nameof(optionsLength), "options run past the buffer");
        }

        int padded = Math.Max(length, Math.Min(DhcpLimits.MinimumBootpLength, _buffer.Length));
        _buffer[length..padded].Clear();
        return padded;
    }

    private static bool TrySetText(Span<byte> field, ReadOnlySpan<byte> text)
    {
        if (text.Length >= field.Length)
        {
            return false;
        }

        field.Clear();
        text.CopyTo(field);
        return true;
    }
}
