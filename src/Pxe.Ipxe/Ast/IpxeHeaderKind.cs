namespace Pxe.Ipxe;

/// <summary>Which script signature a script starts with (src/image/script.c <c>script_probe</c>).</summary>
public enum IpxeHeaderKind : byte
{
    /// <summary>No valid signature: iPXE will not run the text as a script.</summary>
    None = 0,

    /// <summary><c>#!ipxe</c>.</summary>
    Ipxe,

    /// <summary>The legacy <c>#!gpxe</c>, still accepted.</summary>
    Gpxe,
}
