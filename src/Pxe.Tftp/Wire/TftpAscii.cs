namespace Pxe.Tftp;

/// <summary>ASCII helpers for the case-insensitive comparisons RFC 1350 §5 and RFC 2347 §2 require.</summary>
internal static class TftpAscii
{
    public static ReadOnlySpan<byte> Octet => "octet"u8;

    public static ReadOnlySpan<byte> NetAscii => "netascii"u8;

    public static ReadOnlySpan<byte> Mail => "mail"u8;

    public static ReadOnlySpan<byte> BlockSize => "blksize"u8;

    public static ReadOnlySpan<byte> TransferSize => "tsize"u8;

    public static ReadOnlySpan<byte> Timeout => "timeout"u8;

    public static ReadOnlySpan<byte> WindowSize => "windowsize"u8;

    /// <summary>Compares <paramref name="value"/> with a lower-case ASCII <paramref name="lowerName"/>, ignoring ASCII case.</summary>
    public static bool EqualsIgnoreCase(ReadOnlySpan<byte> value, ReadOnlySpan<byte> lowerName)
    {
        if (value.Length != lowerName.Length)
        {
            return false;
        }

        for (int i = 0; i < value.Length; i++)
        {
            int c = value[i];
            if ((uint)(c - 'A') <= 'Z' - 'A')
            {
                c |= 0x20;
            }

            if (c != lowerName[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses a decimal ASCII number with no sign, no spaces and no overflow past <see cref="long.MaxValue"/>.</summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> value, out long result)
    {
        result = 0;
        if (value.IsEmpty || value.Length > 18)
        {
            return false;
        }

        long n = 0;
        foreach (byte b in value)
        {
            uint digit = (uint)(b - '0');
            if (digit > 9)
            {
                result = 0;
                return false;
            }

            n = (n * 10) + digit;
        }

        result = n;
        return true;
    }

    /// <summary>Maps a mode string to <see cref="TftpTransferMode"/> (RFC 1350 §5: any combination of upper and lower case).</summary>
    public static TftpTransferMode ParseMode(ReadOnlySpan<byte> mode)
    {
        if (EqualsIgnoreCase(mode, Octet))
        {
            return TftpTransferMode.Octet;
        }

        if (EqualsIgnoreCase(mode, NetAscii))
        {
            return TftpTransferMode.NetAscii;
        }

        return EqualsIgnoreCase(mode, Mail) ? TftpTransferMode.Mail : TftpTransferMode.Unknown;
    }
}
