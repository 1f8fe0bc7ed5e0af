namespace Pxe.Dhcp;

/// <summary>
/// Option 77, user class. RFC 3004 §4 frames each class as length + data, but iPXE sends its class as a raw
/// string (<c>iPXE</c>, not <c>04 iPXE</c>) and so do other boot loaders; both forms are accepted.
/// </summary>
public static class UserClass
{
    /// <summary>iPXE's default user class.</summary>
    public static ReadOnlySpan<byte> Ipxe => "iPXE"u8;

    /// <summary>Whether <paramref name="value"/> is a well-formed RFC 3004 list (every item non-empty, lengths add up exactly).</summary>
    public static bool IsRfc3004Framed(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        while (!value.IsEmpty)
        {
            int length = value[0];
            if (length == 0 || 1 + length > value.Length)
            {
                return false;
            }

            value = value[(1 + length)..];
        }

        return true;
    }

    /// <summary>Whether the option names the class <paramref name="name"/>, raw or as one item of an RFC 3004 list.</summary>
    public static bool Contains(ReadOnlySpan<byte> value, ReadOnlySpan<byte> name)
    {
        if (value.SequenceEqual(name))
        {
            return true;
        }

        if (!IsRfc3004Framed(value))
        {
            return false;
        }

        while (!value.IsEmpty)
        {
            int length = value[0];
            if (value.Slice(1, length).SequenceEqual(name))
            {
                return true;
            }

            value = value[(1 + length)..];
        }

        return false;
    }
}
