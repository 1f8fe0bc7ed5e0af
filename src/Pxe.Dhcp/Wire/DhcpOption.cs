using System.Diagnostics;

namespace Pxe.Dhcp;

/// <summary>One option instance: its code and the bytes of its value, pointing into the datagram (RFC 2132 §2).</summary>
[DebuggerDisplay("{Code} ({Value.Length} bytes)")]
public readonly ref struct DhcpOption
{
    /// <summary>Creates an option view.</summary>
    public DhcpOption(DhcpOptionCode code, ReadOnlySpan<byte> value)
    {
        Code = code;
        Value = value;
    }

    /// <summary>The option code; unknown codes are kept as their byte value.</summary>
    public DhcpOptionCode Code { get; }

    /// <summary>The option value (0–255 bytes), without the code and length octets.</summary>
    public ReadOnlySpan<byte> Value { get; }
}
