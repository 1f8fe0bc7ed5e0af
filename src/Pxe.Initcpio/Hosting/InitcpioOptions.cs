using System.ComponentModel.DataAnnotations;

namespace Pxe.Initcpio;

/// <summary>Configuration of the initramfs image a host serves (section <c>Pxe:Initcpio</c>).</summary>
public sealed class InitcpioOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Pxe:Initcpio";

    /// <summary>The unpacked kernel package holding <c>lib/modules/VERSION</c> (default: <see langword="null"/>, no modules).</summary>
    public string? KernelRoot { get; set; }

    /// <summary>The module version when the package holds several (default: <see langword="null"/>, the only one).</summary>
    public string? KernelVersion { get; set; }

    /// <summary>The static busybox (default: <c>/bin/busybox</c>).</summary>
    [Required]
    public string BusyboxPath { get; set; } = InitramfsBuilder.DefaultBusyboxPath;

    /// <summary>Modules loaded at boot besides the hooks' own (default: none).</summary>
    public IList<string> Modules { get; } = new List<string>();

    /// <summary>Ready hooks by name, in <c>HOOKS</c> order: <c>pxe_nfs_ram</c>, <c>pxe_http_ram</c> (default: none).</summary>
    public IList<string> Hooks { get; } = new List<string>();

    /// <summary>The image compression (default: gzip).</summary>
    public CpioCompression Compression { get; set; } = CpioCompression.Gzip;

    /// <summary>The modification time of every entry, seconds since the epoch (default: 0).</summary>
    public uint ModificationTime { get; set; }
}
