using System.Buffers.Binary;
using System.Diagnostics;

namespace Pxe.Dhcp;

/// <summary>
/// A read-only view over a received DHCP/BOOTP datagram. Nothing is copied or allocated; every property decodes
/// on demand from the fixed offsets of <c>DhcpLayout</c>.
/// </summary>
/// <remarks>
/// <para>RFC 2131 §2, figure 1 (the BOOTP header of RFC 951 with the options field of RFC 2132):</para>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +---------------+---------------+---------------+---------------+
/// |     op (1)    |   htype (1)   |   hlen (1)    |   hops (1)    |
/// +---------------+---------------+---------------+---------------+
/// |                            xid (4)                            |
/// +-------------------------------+-------------------------------+
/// |           secs (2)            |           flags (2)           |
/// +-------------------------------+-------------------------------+
/// |                          ciaddr  (4)                          |
/// |                          yiaddr  (4)                          |
/// |                          siaddr  (4)                          |
/// |                          giaddr  (4)                          |
/// +---------------------------------------------------------------+
/// |                          chaddr  (16)                         |
/// |                          sname   (64)                         |
/// |                          file    (128)                        |
/// +---------------------------------------------------------------+
/// |            magic cookie 99.130.83.99 (4), offset 236          |
/// |                       options (variable)                      |
/// +---------------------------------------------------------------+
/// </code>
/// <para><see cref="TryCreate(ReadOnlySpan{byte}, out DhcpPacket, out DhcpParseStatus)"/> checks the length, the
/// magic cookie, hlen, every option length (in the options field and in overloaded <c>sname</c>/<c>file</c>
/// areas), option 52 and the END options; after it succeeds no accessor can fail. Trailing bytes after END are
/// padding and ignored.</para>
/// </remarks>
[DebuggerDisplay("{MessageType} xid={TransactionId,h} chaddr={ClientHardwareAddress}")]
public readonly ref partial struct DhcpPacket
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly DhcpOverload _overload;
    private readonly DhcpMessageType _messageType;

    private DhcpPacket(ReadOnlySpan<byte> buffer, DhcpOverload overload, DhcpMessageType messageType)
    {
        _buffer = buffer;
        _overload = overload;
        _messageType = messageType;
    }

    /// <summary>Validates <paramref name="source"/> and creates a view over it. <paramref name="packet"/> is treated as uninitialized on <see langword="false"/>.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> source, out DhcpPacket packet) => TryCreate(source, out packet, out _);

    /// <summary>
    /// Validates <paramref name="source"/> and creates a view over it, reporting why a malformed datagram was
    /// rejected. Never throws. On <see langword="false"/>, <paramref name="packet"/> is <c>default</c>.
    /// </summary>
    public static bool TryCreate(ReadOnlySpan<byte> source, out DhcpPacket packet, out DhcpParseStatus status)
    {
        status = Validate(source, out DhcpOverload overload, out DhcpMessageType messageType);
        if (status != DhcpParseStatus.Success)
        {
            packet = default;
            return false;
        }

        packet = new DhcpPacket(source, overload, messageType);
        return true;
    }

    /// <summary>Creates a view, throwing <see cref="DhcpContentException"/> when the message is malformed (for tools and tests).</summary>
    /// <exception cref="DhcpContentException">The message is malformed.</exception>
    public static DhcpPacket Create(ReadOnlySpan<byte> source)
    {
        if (!TryCreate(source, out DhcpPacket packet, out DhcpParseStatus status))
        {
            ThrowHelper.ThrowContent(status);
        }

        return packet;
    }

    /// <summary>The whole datagram.</summary>
    public ReadOnlySpan<byte> Bytes => _buffer;

    /// <summary>op: request or reply.</summary>
    public BootpOpCode Op => (BootpOpCode)_buffer[DhcpLayout.OpOffset];

    /// <summary>htype: the ARP hardware type (1 for Ethernet).</summary>
    public byte HardwareType => _buffer[DhcpLayout.HardwareTypeOffset];

    /// <summary>hlen: the number of significant bytes in chaddr (0–16, checked).</summary>
    public int HardwareAddressLength => _buffer[DhcpLayout.HardwareLengthOffset];

    /// <summary>hops: incremented by each relay agent.</summary>
    public byte Hops => _buffer[DhcpLayout.HopsOffset];

    /// <summary>xid: the transaction id chosen by the client.</summary>
    public uint TransactionId => BinaryPrimitives.ReadUInt32BigEndian(_buffer[DhcpLayout.XidOffset..]);

    /// <summary>secs: seconds since the client began acquisition.</summary>
    public ushort Seconds => BinaryPrimitives.ReadUInt16BigEndian(_buffer[DhcpLayout.SecsOffset..]);

    /// <summary>flags: the broadcast bit (RFC 2131 §2).</summary>
    public DhcpFlags Flags => (DhcpFlags)BinaryPrimitives.ReadUInt16BigEndian(_buffer[DhcpLayout.FlagsOffset..]);

    /// <summary>ciaddr: the client's address, when it is bound, renewing or rebinding.</summary>
    public Ipv4Address ClientAddress => Ipv4Address.Read(_buffer[DhcpLayout.CiaddrOffset..]);

    /// <summary>yiaddr: "your" address, offered or assigned by the server.</summary>
    public Ipv4Address YourAddress => Ipv4Address.Read(_buffer[DhcpLayout.YiaddrOffset..]);

    /// <summary>siaddr: the next server to use in bootstrap (TFTP server).</summary>
    public Ipv4Address ServerAddress => Ipv4Address.Read(_buffer[DhcpLayout.SiaddrOffset..]);

    /// <summary>giaddr: the relay agent's address, 0 when not relayed.</summary>
    public Ipv4Address GatewayAddress => Ipv4Address.Read(_buffer[DhcpLayout.GiaddrOffset..]);

    /// <summary>The whole 16-byte chaddr field.</summary>
    public ReadOnlySpan<byte> ClientHardwareAddressField => _buffer.Slice(DhcpLayout.ChaddrOffset, DhcpLayout.ChaddrLength);

    /// <summary>The first hlen bytes of chaddr.</summary>
    public HardwareAddress ClientHardwareAddress => new(ClientHardwareAddressField[..HardwareAddressLength]);

    /// <summary>The 64-byte sname field as it is on the wire (options when <see cref="Overload"/> says so).</summary>
    public ReadOnlySpan<byte> ServerNameField => _buffer.Slice(DhcpLayout.SnameOffset, DhcpLayout.SnameLength);

    /// <summary>The 128-byte file field as it is on the wire (options when <see cref="Overload"/> says so).</summary>
    public ReadOnlySpan<byte> BootFileField => _buffer.Slice(DhcpLayout.FileOffset, DhcpLayout.FileLength);

    /// <summary>The NUL-terminated server host name in sname, or empty when sname carries options.</summary>
    public ReadOnlySpan<byte> ServerName => (_overload & DhcpOverload.ServerName) != 0 ? default : UntilNul(ServerNameField);

    /// <summary>The NUL-terminated boot file name in file, or empty when file carries options.</summary>
    public ReadOnlySpan<byte> BootFileName => (_overload & DhcpOverload.File) != 0 ? default : UntilNul(BootFileField);

    /// <summary>Which header fields carry options (option 52).</summary>
    public DhcpOverload Overload => _overload;

    /// <summary>Option 53, or <see cref="DhcpMessageType.None"/> for plain BOOTP.</summary>
    public DhcpMessageType MessageType => _messageType;

    /// <summary>The options field after the magic cookie.</summary>
    public ReadOnlySpan<byte> OptionsField => _buffer[DhcpLayout.OptionsOffset..];

    /// <summary>Enumerates every option instance: the options field, then file, then sname when overloaded (RFC 2131 §4.1).</summary>
    public DhcpOptionEnumerator Options => new(
        OptionsField,
        (_overload & DhcpOverload.File) != 0 ? BootFileField : default,
        (_overload & DhcpOverload.ServerName) != 0 ? ServerNameField : default);

    /// <summary>Finds the first instance of <paramref name="code"/>. <paramref name="value"/> is empty when absent.</summary>
    public bool TryGetOption(DhcpOptionCode code, out ReadOnlySpan<byte> value)
    {
        foreach (DhcpOption option in Options)
        {
            if (option.Code == code)
            {
                value = option.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Whether at least one instance of <paramref name="code"/> is present.</summary>
    public bool HasOption(DhcpOptionCode code) => TryGetOption(code, out _);

    /// <summary>
    /// The total length of all instances of <paramref name="code"/> concatenated (RFC 3396 §7), or -1 when absent.
    /// </summary>
    public int GetConcatenatedLength(DhcpOptionCode code)
    {
        int total = -1;
        foreach (DhcpOption option in Options)
        {
            if (option.Code == code)
            {
                total = (total < 0 ? 0 : total) + option.Value.Length;
            }
        }

        return total;
    }

    /// <summary>
    /// Copies the concatenation of every instance of <paramref name="code"/>, in area order, into
    /// <paramref name="destination"/> (RFC 3396 §7: a long option is split into instances that the receiver joins).
    /// Returns <see langword="false"/> with <paramref name="bytesWritten"/> 0 when the option is absent or the
    /// destination is too small (see <see cref="GetConcatenatedLength"/>).
    /// </summary>
    /// <remarks>Reads every option of the message; writes exactly <see cref="GetConcatenatedLength"/> bytes on success.</remarks>
    public bool TryCopyConcatenated(DhcpOptionCode code, Span<byte> destination, out int bytesWritten)
    {
        int length = GetConcatenatedLength(code);
        if (length < 0 || length > destination.Length)
        {
            bytesWritten = 0;
            return false;
        }

        int pos = 0;
        foreach (DhcpOption option in Options)
        {
            if (option.Code == code)
            {
                option.Value.CopyTo(destination[pos..]);
                pos += option.Value.Length;
            }
        }

        bytesWritten = pos;
        return true;
    }

    private static ReadOnlySpan<byte> UntilNul(ReadOnlySpan<byte> field)
    {
        int nul = field.IndexOf((byte)0);
        return nul < 0 ? field : field[..nul];
    }

    private static DhcpParseStatus Validate(ReadOnlySpan<byte> source, out DhcpOverload overload, out DhcpMessageType messageType)
    {
        overload = DhcpOverload.None;
        messageType = DhcpMessageType.None;
        if (source.Length < DhcpLimits.HeaderLength)
        {
            return DhcpParseStatus.Truncated;
        }

        // RFC 2131 §3: the options field starts with the magic cookie; without it this is not DHCP (nor vendor-extended BOOTP).
        if (BinaryPrimitives.ReadUInt32BigEndian(source[DhcpLayout.MagicCookieOffset..]) != DhcpLayout.MagicCookie)
        {
            return DhcpParseStatus.BadMagicCookie;
        }

        if (source[DhcpLayout.HardwareLengthOffset] > DhcpLayout.ChaddrLength)
        {
            return DhcpParseStatus.InvalidHardwareAddressLength;
        }

        DhcpParseStatus status = ValidateArea(source[DhcpLayout.OptionsOffset..], allowOverload: true, ref overload, ref messageType);
        if (status != DhcpParseStatus.Success)
        {
            return status;
        }

        // RFC 2131 §4.1: "file" is searched before "sname". Option 52 inside either area would name itself again: a loop.
        DhcpOverload ignored = DhcpOverload.None;
        if ((overload & DhcpOverload.File) != 0)
        {
            status = ValidateArea(source.Slice(DhcpLayout.FileOffset, DhcpLayout.FileLength), allowOverload: false, ref ignored, ref messageType);
            if (status != DhcpParseStatus.Success)
            {
                return status;
            }
        }

        if ((overload & DhcpOverload.ServerName) != 0)
        {
            status = ValidateArea(source.Slice(DhcpLayout.SnameOffset, DhcpLayout.SnameLength), allowOverload: false, ref ignored, ref messageType);
        }

        return status;
    }

    private static DhcpParseStatus ValidateArea(ReadOnlySpan<byte> area, bool allowOverload, ref DhcpOverload overload, ref DhcpMessageType messageType)
    {
        int pos = 0;
        bool sawOverload = false;
        while (pos < area.Length)
        {
            byte code = area[pos];
            if (code == (byte)DhcpOptionCode.Pad)
            {
                pos++;
                continue;
            }

            if (code == (byte)DhcpOptionCode.End)
            {
                return DhcpParseStatus.Success;
            }

            if (pos + 1 >= area.Length || pos + 2 + area[pos + 1] > area.Length)
            {
                return DhcpParseStatus.OptionOverrun;
            }

            int length = area[pos + 1];
            ReadOnlySpan<byte> value = area.Slice(pos + 2, length);
            if (code == (byte)DhcpOptionCode.OptionOverload)
            {
                // RFC 2132 §9.3: one octet, 1 (file), 2 (sname) or 3 (both); only in the options field, only once.
                if (!allowOverload || sawOverload || length != 1 || value[0] is 0 or > 3)
                {
                    return DhcpParseStatus.InvalidOverload;
                }

                sawOverload = true;
                overload = (DhcpOverload)value[0];
            }
            else if (code == (byte)DhcpOptionCode.MessageType && length == 1 && messageType == DhcpMessageType.None)
            {
                messageType = (DhcpMessageType)value[0];
            }

            pos += 2 + length;
        }

        // RFC 2131 §4.1 / RFC 2132 §3.2: the options field and each overloaded area end with END.
        return DhcpParseStatus.MissingEnd;
    }
}
