using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;

namespace Pxe.Dhcp;

/// <summary>
/// An IPv4 address as a 32-bit value in network order semantics (<c>10.0.0.1</c> is <c>0x0A000001</c>): a wire
/// atom that never allocates, unlike <see cref="IPAddress"/>.
/// </summary>
public readonly struct Ipv4Address : IEquatable<Ipv4Address>, IComparable<Ipv4Address>, ISpanFormattable, IUtf8SpanFormattable, ISpanParsable<Ipv4Address>
{
    /// <summary>The length of an address on the wire (4 bytes).</summary>
    public const int Length = 4;

    /// <summary>The longest text form, <c>255.255.255.255</c> (15 characters).</summary>
    public const int MaxFormattedLength = 15;

    /// <summary>Creates an address from its 32-bit value (<c>0x0A000001</c> is <c>10.0.0.1</c>).</summary>
    public Ipv4Address(uint value) => Value = value;

    /// <summary>Creates an address from four octets.</summary>
    public Ipv4Address(byte a, byte b, byte c, byte d) => Value = ((uint)a << 24) | ((uint)b << 16) | ((uint)c << 8) | d;

    /// <summary><c>0.0.0.0</c>.</summary>
    public static Ipv4Address Any => default;

    /// <summary><c>255.255.255.255</c>, the limited broadcast address.</summary>
    public static Ipv4Address Broadcast => new(uint.MaxValue);

    /// <summary>The 32-bit value, most significant octet first.</summary>
    public uint Value { get; }

    /// <summary>Whether this is <c>0.0.0.0</c>.</summary>
    public bool IsAny => Value == 0;

    /// <summary>Reads 4 bytes, network order. <paramref name="source"/> must hold at least 4 bytes.</summary>
    public static Ipv4Address Read(ReadOnlySpan<byte> source) => new(BinaryPrimitives.ReadUInt32BigEndian(source));

    /// <summary>Writes the 4 bytes, network order; returns <see langword="false"/> when <paramref name="destination"/> is shorter than 4.</summary>
    public bool TryWrite(Span<byte> destination) => BinaryPrimitives.TryWriteUInt32BigEndian(destination, Value);

    /// <summary>Converts from <see cref="IPAddress"/>; throws <see cref="ArgumentException"/> for non-IPv4 addresses.</summary>
    public static Ipv4Address FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || !address.TryWriteBytes(bytes, out int written) || written != 4)
        {
            throw new ArgumentException($"'{address}' is not an IPv4 address.", nameof(address));
        }

        return Read(bytes);
    }

    /// <summary>Converts to an <see cref="IPAddress"/> (allocates; for the transport and configuration only).</summary>
    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, Value);
        return new IPAddress(bytes);
    }

    /// <summary>Whether this address and <paramref name="other"/> are in the same subnet under <paramref name="mask"/>.</summary>
    public bool IsInSameSubnet(Ipv4Address other, Ipv4Address mask) => (Value & mask.Value) == (other.Value & mask.Value);

    /// <summary>Parses dotted-quad text such as <c>10.0.0.1</c>.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out Ipv4Address result)
    {
        result = default;
        uint value = 0;
        int octets = 0;
        int i = 0;
        while (octets < 4)
        {
            int start = i;
            uint octet = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]) && i - start < 3)
            {
                octet = (octet * 10) + (uint)(s[i] - '0');
                i++;
            }

            if (i == start || octet > 255)
            {
                return false;
            }

            value = (value << 8) | octet;
            octets++;
            if (octets < 4)
            {
                if (i >= s.Length || s[i] != '.')
                {
                    return false;
                }

                i++;
            }
        }

        if (i != s.Length)
        {
            return false;
        }

        result = new Ipv4Address(value);
        return true;
    }

    /// <summary>Parses dotted-quad text; throws <see cref="FormatException"/> when it is not an IPv4 address.</summary>
    public static Ipv4Address Parse(ReadOnlySpan<char> s) =>
        TryParse(s, out Ipv4Address address) ? address : throw new FormatException($"'{s}' is not an IPv4 address.");

    /// <inheritdoc />
    public static Ipv4Address Parse(string s, IFormatProvider? provider) => Parse(s.AsSpan());

    /// <inheritdoc />
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out Ipv4Address result) => TryParse(s.AsSpan(), out result);

    /// <inheritdoc />
    public static Ipv4Address Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    /// <inheritdoc />
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out Ipv4Address result) => TryParse(s, out result);

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null)
    {
        Span<byte> utf8 = stackalloc byte[MaxFormattedLength];
        if (!TryFormat(utf8, out int written, format, provider) || written > destination.Length)
        {
            charsWritten = 0;
            return false;
        }

        for (int i = 0; i < written; i++)
        {
            destination[i] = (char)utf8[i];
        }

        charsWritten = written;
        return true;
    }

    /// <inheritdoc />
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null)
    {
        int pos = 0;
        for (int shift = 24; shift >= 0; shift -= 8)
        {
            uint octet = (Value >> shift) & 0xFF;
            if (!octet.TryFormat(utf8Destination[pos..], out int n, default, System.Globalization.CultureInfo.InvariantCulture))
            {
                bytesWritten = 0;
                return false;
            }

            pos += n;
            if (shift != 0)
            {
                if (pos >= utf8Destination.Length)
                {
                    bytesWritten = 0;
                    return false;
                }

                utf8Destination[pos++] = (byte)'.';
            }
        }

        bytesWritten = pos;
        return true;
    }

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>The dotted-quad form, for example <c>10.0.0.1</c>.</summary>
    public override string ToString()
    {
        Span<byte> utf8 = stackalloc byte[MaxFormattedLength];
        TryFormat(utf8, out int written);
        return Encoding.ASCII.GetString(utf8[..written]);
    }

    /// <inheritdoc />
    public bool Equals(Ipv4Address other) => Value == other.Value;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Ipv4Address other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => (int)Value;

    /// <inheritdoc />
    public int CompareTo(Ipv4Address other) => Value.CompareTo(other.Value);

    /// <summary>Equality.</summary>
    public static bool operator ==(Ipv4Address left, Ipv4Address right) => left.Value == right.Value;

    /// <summary>Inequality.</summary>
    public static bool operator !=(Ipv4Address left, Ipv4Address right) => left.Value != right.Value;

    /// <summary>Ordering.</summary>
    public static bool operator <(Ipv4Address left, Ipv4Address right) => left.Value < right.Value;

    /// <summary>Ordering.</summary>
    public static bool operator >(Ipv4Address left, Ipv4Address right) => left.Value > right.Value;

    /// <summary>Ordering.</summary>
    public static bool operator <=(Ipv4Address left, Ipv4Address right) => left.Value <= right.Value;

    /// <summary>Ordering.</summary>
    public static bool operator >=(Ipv4Address left, Ipv4Address right) => left.Value >= right.Value;
}
