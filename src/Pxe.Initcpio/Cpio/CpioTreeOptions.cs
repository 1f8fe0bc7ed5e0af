namespace Pxe.Initcpio;

/// <summary>How <see cref="CpioWriter.WriteTree(string, CpioTreeOptions?)"/> maps a directory tree into entries.</summary>
public sealed class CpioTreeOptions
{
    /// <summary>Whether the tree's root is written as the entry <c>.</c> (default: <see langword="true"/>, as <c>find . | cpio -o</c> does).</summary>
    public bool IncludeRoot { get; set; } = true;

    /// <summary>Owner written for every entry instead of the file's own (default: <see langword="null"/>, keep the file's).</summary>
    public uint? Uid { get; set; }

    /// <summary>Group written for every entry instead of the file's own (default: <see langword="null"/>, keep the file's).</summary>
    public uint? Gid { get; set; }

    /// <summary>
    /// Modification times later than this (seconds since the epoch) are clamped to it, as <c>SOURCE_DATE_EPOCH</c>
    /// does (default: <see langword="null"/>, keep every time).
    /// </summary>
    public uint? ClampModificationTime { get; set; }
}
