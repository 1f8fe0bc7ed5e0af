namespace Pxe.Ipxe;

/// <summary>How serious an <see cref="IpxeDiagnostic"/> is.</summary>
public enum IpxeSeverity : byte
{
    /// <summary>The script runs, but probably not as intended.</summary>
    Warning = 0,

    /// <summary>iPXE will reject the script, fail the command or never run what the author wrote.</summary>
    Error = 1,
}
