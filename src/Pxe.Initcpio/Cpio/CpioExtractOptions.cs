namespace Pxe.Initcpio;

/// <summary>How <see cref="CpioExtractor"/> writes entries to disk.</summary>
public sealed class CpioExtractOptions
{
    /// <summary>
    /// Whether owners are restored with <c>lchown</c> (default: <see langword="true"/> when running as root, as GNU
    /// cpio does; ignored otherwise).
    /// </summary>
    public bool PreserveOwnership { get; set; } = Environment.IsPrivilegedProcess;

    /// <summary>Whether device nodes are created (needs root; default: <see langword="true"/> when running as root, otherwise they are skipped and counted).</summary>
    public bool CreateDeviceNodes { get; set; } = Environment.IsPrivilegedProcess;
}
