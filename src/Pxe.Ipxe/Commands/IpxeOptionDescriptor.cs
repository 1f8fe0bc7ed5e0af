namespace Pxe.Ipxe;

/// <summary>One option of an iPXE command, as declared by the command's <c>OPTION_DESC</c>.</summary>
/// <param name="LongName">The long name without dashes (<c>timeout</c> for <c>--timeout</c>).</param>
/// <param name="ShortName">The single-letter form (<c>t</c> for <c>-t</c>).</param>
/// <param name="Argument">What the option takes after it.</param>
public sealed record IpxeOptionDescriptor(string LongName, char ShortName, IpxeOptionArgument Argument)
{
    /// <summary>Whether the option takes an argument.</summary>
    public bool TakesArgument => Argument != IpxeOptionArgument.None;
}
