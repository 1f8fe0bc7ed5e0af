using System.Diagnostics;
using System.Text;

namespace Pxe.Tftp;

/// <summary>One option name/value pair of a request or an OACK (RFC 2347 §2), as views into the packet.</summary>
[DebuggerDisplay("{ToString(),nq}")]
public readonly ref struct TftpOption
{
    /// <summary>Creates an option view over <paramref name="name"/> and <paramref name="value"/> (both without their NUL).</summary>
    public TftpOption(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>The option name, without its terminating NUL.</summary>
    public ReadOnlySpan<byte> Name { get; }

    /// <summary>The option value, without its terminating NUL.</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>Whether <see cref="Name"/> equals <paramref name="lowerCaseName"/> ignoring ASCII case (RFC 2347 §2: option names are case-insensitive).</summary>
    /// <param name="lowerCaseName">An all-lower-case ASCII name such as <c>"blksize"u8</c>.</param>
    public bool NameEquals(ReadOnlySpan<byte> lowerCaseName) => TftpAscii.EqualsIgnoreCase(Name, lowerCaseName);

    /// <summary>Reads <see cref="Value"/> as an unsigned decimal number.</summary>
    /// <param name="value">The number; treated as uninitialized when the method returns <see langword="false"/>.</param>
    /// <returns><see langword="false"/> when the value is empty, has a non-digit, or has more than 18 digits.</returns>
    public bool TryGetNumber(out long value) => TftpAscii.TryParseDecimal(Value, out value);

    /// <summary>Formats as <c>name=value</c> (Latin-1, for diagnostics).</summary>
    public override string ToString() => $"{Encoding.Latin1.GetString(Name)}={Encoding.Latin1.GetString(Value)}";
}
