using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Pxe.Dhcp;

/// <summary>
/// Option 97, client machine identifier (RFC 4578 §2.3): a type octet (0 = GUID) and 16 bytes, stored inline.
/// The firmware sends the SMBIOS UUID bytes; <see cref="ToString()"/> prints them in wire order.
/// </summary>
public readonly struct ClientMachineId : IEquatable<ClientMachineId>
{
    /// <summary>The encoded length: type + 16 bytes (17).</summary>
    public const int EncodedLength = 17;

    private readonly GuidBytes _bytes;

    /// <summary>Creates an identifier of type 0 from 16 bytes.</summary>
    public ClientMachineId(ReadOnlySpan<byte> guid)
    {
        if (guid.Length != 16)
        {
            ThrowHelper.ThrowArgument(nameof(guid), "a machine identifier is 16 bytes");
        }

        guid.CopyTo(_bytes);
    }

    /// <summary>The 16 identifier bytes in wire order.</summary>
    public ReadOnlySpan<byte> AsSpan() => MemoryMarshal.CreateReadOnlySpan(ref Unsafe.AsRef(in _bytes[0]), 16);

    /// <summary>Whether all 16 bytes are zero (iPXE sends this when SMBIOS has no UUID).</summary>
    public bool IsZero => !AsSpan().ContainsAnyExcept((byte)0);

    /// <summary>
    /// Reads an option-97 value. RFC 4578 §2.3: exactly 17 bytes with type 0; anything else is malformed (a
    /// missing option is not: clients without 97 are served, FIELD-NOTES pitfall 2).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out ClientMachineId id)
    {
        if (value.Length != EncodedLength || value[0] != 0)
        {
            id = default;
            return false;
        }

        id = new ClientMachineId(value[1..]);
        return true;
    }

    /// <summary>Writes the 17-byte value.</summary>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        if (destination.Length < EncodedLength)
        {
            bytesWritten = 0;
            return false;
        }

        destination[0] = 0;
        AsSpan().CopyTo(destination[1..]);
        bytesWritten = EncodedLength;
        return true;
    }

    /// <summary>Parses <c>xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx</c> (wire byte order).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ClientMachineId id)
    {
        Span<byte> bytes = stackalloc byte[16];
        int count = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '-')
            {
                continue;
            }

            if (count == 16 || i + 1 >= text.Length || !char.IsAsciiHexDigit(text[i]) || !char.IsAsciiHexDigit(text[i + 1]))
            {
                id = default;
                return false;
            }

            bytes[count++] = (byte)((Convert.ToByte(text[i].ToString(), 16) << 4) | Convert.ToByte(text[i + 1].ToString(), 16));
            i++;
        }

        if (count != 16)
        {
            id = default;
            return false;
        }

        id = new ClientMachineId(bytes);
        return true;
    }

    /// <summary>The bytes as <c>xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx</c>, lower case, wire order.</summary>
    public override string ToString()
    {
        string hex = Convert.ToHexStringLower(AsSpan());
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    /// <inheritdoc />
    public bool Equals(ClientMachineId other) => AsSpan().SequenceEqual(other.AsSpan());

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ClientMachineId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(AsSpan());
        return hash.ToHashCode();
    }

    /// <summary>Equality.</summary>
    public static bool operator ==(ClientMachineId left, ClientMachineId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(ClientMachineId left, ClientMachineId right) => !left.Equals(right);

    [InlineArray(16)]
    private struct GuidBytes
    {
        private byte _element0;
    }
}
