namespace Pxe.Ipxe;

/// <summary>The diagnostic codes the parser reports. Codes are stable; messages may be reworded.</summary>
public static class IpxeDiagnosticCodes
{
    /// <summary>Error: the text does not start with <c>#!ipxe</c> or <c>#!gpxe</c> followed by whitespace, so iPXE does not treat it as a script (src/image/script.c <c>script_probe</c>).</summary>
    public const string MissingHeader = "IPXE001";

    /// <summary>Error: the command is not one iPXE registers; iPXE prints "command not found" and the command fails.</summary>
    public const string UnknownCommand = "IPXE002";

    /// <summary>Error: the command has no such option (iPXE's <c>getopt_long</c> returns <c>'?'</c>).</summary>
    public const string UnknownOption = "IPXE003";

    /// <summary>Error: an option that needs an argument has none, or a flag was given <c>=value</c>.</summary>
    public const string OptionArgument = "IPXE004";

    /// <summary>Error: too few or too many arguments after the options.</summary>
    public const string ArgumentCount = "IPXE005";

    /// <summary>Error: <c>goto</c> names a label the script does not define.</summary>
    public const string UndefinedLabel = "IPXE006";

    /// <summary>Warning: a label is defined twice; <c>goto</c> always finds the first.</summary>
    public const string DuplicateLabel = "IPXE007";

    /// <summary>Error: <c>${</c> without a closing <c>}</c>; iPXE leaves the text unexpanded.</summary>
    public const string UnterminatedSetting = "IPXE008";

    /// <summary>Error: <c>||</c> or <c>&amp;&amp;</c> with no command before it, so the command after it never behaves as written.</summary>
    public const string DanglingOperator = "IPXE009";

    /// <summary>Warning: a line ends in <c>&amp;&amp;</c>, which does nothing (a trailing <c>||</c> is the idiom for "ignore failure" and is fine).</summary>
    public const string TrailingAnd = "IPXE010";

    /// <summary>Error: an option value that must be a number is not one (<c>parse_integer</c>/<c>parse_timeout</c>/<c>parse_key</c> fail).</summary>
    public const string InvalidNumber = "IPXE011";

    /// <summary>Warning: a timeout below 100 looks like seconds, but iPXE timeouts are milliseconds.</summary>
    public const string TimeoutLooksLikeSeconds = "IPXE012";

    /// <summary>Error: the script ends in a <c>\</c> continuation; iPXE discards that line and the script fails.</summary>
    public const string ContinuationAtEnd = "IPXE013";

    /// <summary>Warning: the legacy <c>#!gpxe</c> header (still accepted by iPXE).</summary>
    public const string LegacyHeader = "IPXE014";

    /// <summary>Warning: <c>${…}</c> names an unknown setting type, which iPXE expands to an empty string.</summary>
    public const string UnknownSettingType = "IPXE015";

    /// <summary>Warning: a NUL character ends the line early; iPXE ignores the rest of it.</summary>
    public const string NulCharacter = "IPXE016";

    /// <summary>Warning: a label line with no label name after the colon.</summary>
    public const string EmptyLabel = "IPXE017";

    /// <summary>Warning: a menu item name that no label matches, while the script jumps to the chosen item with <c>goto ${…}</c>.</summary>
    public const string MenuItemWithoutLabel = "IPXE018";

    /// <summary>
    /// Warning: <c>inc</c> of a setting the script stores with a plain <c>set name value</c>: the value is a string, and
    /// iPXE fails the <c>inc</c> with "Operation not supported"; write <c>set name:int32 value</c>.
    /// </summary>
    public const string IncrementOfString = "IPXE019";
}
