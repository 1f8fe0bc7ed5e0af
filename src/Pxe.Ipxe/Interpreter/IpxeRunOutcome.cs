namespace Pxe.Ipxe;

/// <summary>How a dry run ended.</summary>
public enum IpxeRunOutcome : byte
{
    /// <summary>The script ran to its last line (iPXE then returns success to whatever started it).</summary>
    Completed = 0,

    /// <summary>An <c>exit</c> ended the script; see <see cref="IpxeRunResult.ExitStatus"/>.</summary>
    Exited,

    /// <summary>An image or SAN device was executed (<c>chain</c>, <c>boot</c>, <c>imgexec</c>, <c>sanboot</c>, <c>autoboot</c>).</summary>
    Booted,

    /// <summary>A command failed and no <c>||</c> consumed the failure, so iPXE stops the script.</summary>
    Failed,

    /// <summary><c>reboot</c> ran.</summary>
    Rebooted,

    /// <summary><c>poweroff</c> ran.</summary>
    PoweredOff,

    /// <summary>The run stopped after <see cref="IpxeInterpreterOptions.MaxSteps"/> commands (an endless retry loop).</summary>
    StepLimit,

    /// <summary>The text is not an iPXE script (no <c>#!ipxe</c> header), so iPXE would not run it.</summary>
    NotAScript,
}
