namespace Pxe.Ipxe;

/// <summary>Options for <see cref="IpxeScriptWriter"/>.</summary>
public sealed class IpxeFormattingOptions
{
    /// <summary>The default line terminator.</summary>
    public const string DefaultNewLine = "\n";

    /// <summary>Canonical options.</summary>
    public static IpxeFormattingOptions Default { get; } = new();

    /// <summary>How lines are written (default: <see cref="IpxeEmitMode.Canonical"/>).</summary>
    public IpxeEmitMode Mode { get; init; } = IpxeEmitMode.Canonical;

    /// <summary>Whether comments are written (default: <see langword="true"/>). The <c>#!ipxe</c> header is always kept.</summary>
    public bool KeepComments { get; init; } = true;

    /// <summary>The line terminator for canonical lines: <c>"\n"</c> or <c>"\r\n"</c> (default: <see cref="DefaultNewLine"/>).</summary>
    public string NewLine { get; init; } = DefaultNewLine;
}
