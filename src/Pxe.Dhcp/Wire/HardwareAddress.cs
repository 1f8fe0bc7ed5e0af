using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Pxe.Dhcp;

/// <summary>
/// A link-layer address of up to 16 bytes (the BOOTP <c>chaddr</c> field), stored inline: no array, no allocation.
/// Equality and hashing cover the length and the significant bytes only.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public readonly struct HardwareAddress : IEquatable<HardwareAddress>, ISpanFormattable
{
    private readonly Buffer16 _bytes;
    private readonly byte _length;

    /// <summary>Copies an address of at most 16 bytes; throws <see cref="ArgumentException"/> when it is longer.</summary>
    public HardwareAddress(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > DhcpLimits.MaxHardwareAddressLength)
        {
            ThrowHelper.ThrowArgument(nameof(bytes), $"a hardware address has at most {DhcpLimits.MaxHardwareAddressLength} bytes; got {bytes.Length}");
        }

        bytes.CopyTo(_bytes);
        _length = (byte)bytes.Length;
    }

    /// <summary>The number of significant bytes (6 for Ethernet).</summary>
    public int Length => _length;

    /// <summary>The significant bytes (a copy is not made; the span points into this value).</summary>
    public ReadOnlySpan<byte> AsSpan() => MemoryMarshal.CreateReadOnlySpan(ref Unsafe.AsRef(in _bytes[0]), _length);

    /// <summary>Parses colon- or hyphen-separated hex such as <c>52:54:00:12:34:56</c>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out HardwareAddress address)
    {
        address = default;
        Span<byte> bytes = stackalloc byte[DhcpLimits.MaxHardwareAddressLength];
        int count = 0;
        int i = 0;
        while (i < text.Length)
        {
            if (count == bytes.Length || i + 2 > text.Length || !byte.TryParse(text.Slice(i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[count]))
            {
                return false;
            }

            count++;
            i += 2;
            if (i < text.Length)
            {
                if (text[i] != ':' && text[i] != '-')
                {
                    return false;
                }

                i++;
                if (i == text.Length)
                {
                    return false;
                }
            }
        }

        if (count == 0)
        {
            return false;
        }

        address = new HardwareAddress(bytes[..count]);
        return true;
    }

    /// <summary>Parses colon-separated hex; throws <see cref="FormatException"/> on bad text.</summary>
    public static HardwareAddress Parse(ReadOnlySpan<char> text) =>
        TryParse(text, out HardwareAddress address) ? address : throw new FormatException($"'{text}' is not a hardware address (expected hex octets separated by ':').");

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null)
    {
        ReadOnlySpan<byte> bytes = AsSpan();
        int needed = bytes.Length == 0 ? 0 : (bytes.Length * 3) - 1;
        if (destination.Length < needed)
        {
            charsWritten = 0;
            return false;
        }

        int pos = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            if (i > 0)
            {
                destination[pos++] = ':';
            }

            destination[pos++] = HexChar(bytes[i] >> 4);
            destination[pos++] = HexChar(bytes[i] & 0xF);
        }

        charsWritten = pos;
        return true;
    }

    private static char HexChar(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>Lower-case hex octets separated by colons, for example <c>52:54:00:12:34:56</c>.</summary>
    public override string ToString()
    {
        Span<char> text = stackalloc char[(DhcpLimits.MaxHardwareAddressLength * 3) - 1];
        TryFormat(text, out int written);
        return new string(text[..written]);
    }

    /// <inheritdoc />
    public bool Equals(HardwareAddress other) => AsSpan().SequenceEqual(other.AsSpan());

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is HardwareAddress other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(AsSpan());
        return hash.ToHashCode();
    }

    /// <summary>Equality.</summary>
    public static bool operator ==(HardwareAddress left, HardwareAddress right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(HardwareAddress left, HardwareAddress right) => !left.Equals(right);

    [InlineArray(DhcpLimits.MaxHardwareAddressLength)]
    private struct Buffer16
    {
        private byte _element0;
    }
}
