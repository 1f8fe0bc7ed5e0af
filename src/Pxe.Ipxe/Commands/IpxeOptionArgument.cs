namespace Pxe.Ipxe;

/// <summary>What an iPXE command option takes after it (src/core/parseopt.c).</summary>
public enum IpxeOptionArgument : byte
{
    /// <summary>A flag: the option takes no argument (<c>no_argument</c>).</summary>
    None = 0,

    /// <summary>Free text such as a name, URI or subject (<c>parse_string</c>).</summary>
    Text,

    /// <summary>An unsigned integer as <c>strtoul(…, 0)</c> reads it: decimal, <c>0x</c> hex or leading-zero octal (<c>parse_integer</c>).</summary>
    Integer,

    /// <summary>A timeout in <b>milliseconds</b> (<c>parse_timeout</c>).</summary>
    Timeout,

    /// <summary>A key: one character, or a number such as <c>0x02</c> for Ctrl-B (<c>parse_key</c>).</summary>
    Key,
}
