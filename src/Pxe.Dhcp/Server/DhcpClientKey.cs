using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Pxe.Dhcp;

/// <summary>What a <see cref="DhcpClientKey"/> identifies.</summary>
public enum DhcpClientKeyKind : byte
{
    /// <summary>htype + chaddr (no usable option 61).</summary>
    HardwareAddress = 0,

    /// <summary>Option 61, client identifier (RFC 2132 §9.14; RFC 2131 §4.2: it takes precedence over chaddr).</summary>
    ClientIdentifier = 1,

    /// <summary>A placeholder holding an address a client declined (RFC 2131 §4.3.3).</summary>
    DeclinedAddress = 2,
}

/// <summary>
/// The identity a lease is bound to (RFC 2131 §4.2): option 61 when present and at most 32 bytes, else htype +
/// chaddr. Stored inline; no allocation.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public readonly struct DhcpClientKey : IEquatable<DhcpClientKey>
{
    private readonly Buffer32 _bytes;
    private readonly byte _length;

    /// <summary>Creates a key from its kind and bytes (at most 32).</summary>
    public DhcpClientKey(DhcpClientKeyKind kind, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > DhcpLimits.MaxClientKeyLength)
        {
            ThrowHelper.ThrowArgument(nameof(bytes), $"a client key has at most {DhcpLimits.MaxClientKeyLength} bytes");
        }

        Kind = kind;
        bytes.CopyTo(_bytes);
        _length = (byte)bytes.Length;
    }

    /// <summary>The kind of identity.</summary>
    public DhcpClientKeyKind Kind { get; }

    /// <summary>The identity bytes.</summary>
    public ReadOnlySpan<byte> AsSpan() => MemoryMarshal.CreateReadOnlySpan(ref Unsafe.AsRef(in _bytes[0]), _length);

    /// <summary>The key of the client that sent <paramref name="request"/>.</summary>
    public static DhcpClientKey FromRequest(in DhcpPacket request)
    {
        if (request.TryGetOption(DhcpOptionCode.ClientIdentifier, out ReadOnlySpan<byte> id) && id.Length is > 0 and <= DhcpLimits.MaxClientKeyLength)
        {
            return new DhcpClientKey(DhcpClientKeyKind.ClientIdentifier, id);
        }

        return FromHardwareAddress(request.HardwareType, request.ClientHardwareAddressField[..request.HardwareAddressLength]);
    }

    /// <summary>The key for htype + chaddr.</summary>
    public static DhcpClientKey FromHardwareAddress(byte hardwareType, ReadOnlySpan<byte> chaddr)
    {
        Span<byte> bytes = stackalloc byte[1 + DhcpLimits.MaxHardwareAddressLength];
        bytes[0] = hardwareType;
        chaddr.CopyTo(bytes[1..]);
        return new DhcpClientKey(DhcpClientKeyKind.HardwareAddress, bytes[..(1 + chaddr.Length)]);
    }

    /// <summary>The placeholder key that holds a declined address.</summary>
    public static DhcpClientKey ForDeclinedAddress(Ipv4Address address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWrite(bytes);
        return new DhcpClientKey(DhcpClientKeyKind.DeclinedAddress, bytes);
    }

    /// <summary>Parses the <see cref="ToString"/> form (<c>kind:hex</c>).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DhcpClientKey key)
    {
        key = default;
        int colon = text.IndexOf(':');
        if (colon != 1 || text[0] is < '0' or > '2' || (text.Length - 2) % 2 != 0 || text.Length - 2 > 2 * DhcpLimits.MaxClientKeyLength)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[DhcpLimits.MaxClientKeyLength];
        if (Convert.FromHexString(text[2..], bytes, out _, out int written) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        key = new DhcpClientKey((DhcpClientKeyKind)(text[0] - '0'), bytes[..written]);
        return true;
    }

    /// <summary><c>kind:hex</c>, for example <c>0:01525400123456</c>: the journal's stable form.</summary>
    public override string ToString() => $"{(int)Kind}:{Convert.ToHexStringLower(AsSpan())}";

    /// <inheritdoc />
    public bool Equals(DhcpClientKey other) => Kind == other.Kind && AsSpan().SequenceEqual(other.AsSpan());

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DhcpClientKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Kind);
        hash.AddBytes(AsSpan());
        return hash.ToHashCode();
    }

    /// <summary>Equality.</summary>
    public static bool operator ==(DhcpClientKey left, DhcpClientKey right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(DhcpClientKey left, DhcpClientKey right) => !left.Equals(right);

    [InlineArray(DhcpLimits.MaxClientKeyLength)]
    private struct Buffer32
    {
        private byte _element0;
    }
}
