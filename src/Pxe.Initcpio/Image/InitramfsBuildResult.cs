namespace Pxe.Initcpio;

/// <summary>What went into an image.</summary>
/// <param name="KernelVersion">The kernel version of the modules, or <see langword="null"/> without modules.</param>
/// <param name="Modules">The modules in load order.</param>
/// <param name="Hooks">The hooks, in <c>HOOKS</c> order.</param>
/// <param name="EntryCount">cpio entries written (trailer excluded).</param>
/// <param name="ArchiveLength">Bytes of the uncompressed archive.</param>
public sealed record InitramfsBuildResult(string? KernelVersion, IReadOnlyList<string> Modules, IReadOnlyList<string> Hooks, int EntryCount, long ArchiveLength);
