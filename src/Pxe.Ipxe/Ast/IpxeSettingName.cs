using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Pxe.Ipxe;

/// <summary>
/// A setting name as <c>${…}</c> and the settings commands take it: <c>[&lt;scope&gt;/]&lt;name&gt;[:&lt;type&gt;]</c>,
/// for example <c>net0/mac:hexhyp</c>, <c>proxydhcp/next-server</c>, <c>tries:int32</c> or <c>175.19</c>
/// (src/core/settings.c <c>parse_setting_name</c>: the first <c>/</c> ends the scope, the first <c>:</c> after it
/// starts the type).
/// </summary>
/// <param name="Scope">The settings block (<c>net0</c>, <c>proxydhcp</c>, <c>smbios</c>…), or <see langword="null"/>.</param>
/// <param name="Name">The setting name or DHCP option number.</param>
/// <param name="Type">The type used to format the value, or <see langword="null"/> for the setting's own type.</param>
public readonly record struct IpxeSettingName(string? Scope, string Name, string? Type)
{
    /// <summary>The setting types iPXE knows (src/core/settings.c type table).</summary>
    public static IReadOnlyCollection<string> KnownTypes => Types.Items;

    private static readonly FrozenSet<string> Types = FrozenSet.ToFrozenSet(
        ["string", "uristring", "ipv4", "ipv6", "int8", "int16", "int32", "uint8", "uint16", "uint32",
         "hex", "hexhyp", "hexraw", "base64", "uuid", "guid", "busdevfn"], StringComparer.Ordinal);

    /// <summary>Splits <paramref name="text"/> into scope, name and type.</summary>
    /// <returns><see langword="false"/> when the type is not one iPXE knows (iPXE then fails the lookup, so <c>${…}</c> expands to nothing).</returns>
    public static bool TryParse(string text, [NotNullWhen(true)] out IpxeSettingName? name)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? scope = null;
        string rest = text;
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            scope = rest[..slash];
            rest = rest[(slash + 1)..];
        }

        string? type = null;
        int colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            type = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!Types.Contains(type))
            {
                name = null;
                return false;
            }
        }

        name = new IpxeSettingName(scope, rest, type);
        return true;
    }

    /// <summary>The setting name without the type: <c>scope/name</c> or <c>name</c>.</summary>
    public string Key => Scope is null ? Name : $"{Scope}/{Name}";

    /// <summary><c>[scope/]name[:type]</c>.</summary>
    public override string ToString() => Type is null ? Key : $"{Key}:{Type}";
}
