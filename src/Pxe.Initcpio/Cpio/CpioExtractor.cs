namespace Pxe.Initcpio;

/// <summary>
/// Extracts an archive into a directory, refusing names that would escape it: a leading <c>/</c> or <c>./</c> is
/// stripped, a <c>..</c> component or a path through a symbolic link (created by an earlier entry or already there)
/// is refused with <see cref="CpioParseStatus.UnsafeName"/>. Directory modes and times are applied last, so a
/// read-only directory still receives its contents.
/// </summary>
public static class CpioExtractor
{
    /// <summary>Extracts every entry of <paramref name="archive"/> into <paramref name="destination"/> (created if needed).</summary>
    /// <exception cref="CpioContentException">The archive is malformed or names a path outside <paramref name="destination"/>.</exception>
    public static CpioExtractResult Extract(Stream archive, string destination, CpioExtractOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(archive);
        using var reader = new CpioReader(archive, leaveOpen: true);
        return Extract(reader, destination, options);
    }

    /// <summary>Extracts the remaining entries of <paramref name="reader"/> into <paramref name="destination"/>.</summary>
    /// <exception cref="CpioContentException">The archive is malformed or names a path outside <paramref name="destination"/>.</exception>
    public static CpioExtractResult Extract(CpioReader reader, string destination, CpioExtractOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrEmpty(destination);
        options ??= new CpioExtractOptions();
        string root = Path.GetFullPath(destination);
        Directory.CreateDirectory(root);
        bool privileged = Environment.IsPrivilegedProcess;
        var links = new Dictionary<(uint, uint, uint), string>();
        var directories = new List<(string Path, CpioEntryHeader Header)>();
        int extracted = 0;
        int skipped = 0;
        while (reader.ReadNext() is CpioEntry entry)
        {
            string? relative = Sanitize(entry.Name);
            if (relative is null)
            {
                ThrowHelper.ThrowContent(CpioParseStatus.UnsafeName, reader.Offset);
            }

            string path = relative.Length == 0 ? root : Path.Join(root, relative);
            if (relative.Length > 0)
            {
                EnsureParents(root, relative, reader.Offset);
            }

            CpioEntryHeader h = entry.Header;
            switch (h.Type)
            {
                case CpioEntryType.Directory:
                    if (IsSymlink(path))
                    {
                        File.Delete(path);
                    }

                    Directory.CreateDirectory(path);
                    directories.Add((path, h));
                    extracted++;
                    continue;
                case CpioEntryType.RegularFile:
                    WriteRegular(reader, entry, path, links);
                    break;
                case CpioEntryType.SymbolicLink:
                    RemoveExisting(path);
                    File.CreateSymbolicLink(path, entry.LinkTarget!);
                    break;
                case CpioEntryType.CharacterDevice or CpioEntryType.BlockDevice or CpioEntryType.Fifo or CpioEntryType.Socket:
                    if (!options.CreateDeviceNodes && h.Type is not CpioEntryType.Fifo)
                    {
                        skipped++;
                        continue;
                    }

                    RemoveExisting(path);
                    LibC.MakeNode(path, h.Mode, h.RdevMajor, h.RdevMinor);
                    break;
                default:
                    skipped++;
                    continue;
            }

            ApplyMetadata(path, h, options.PreserveOwnership && privileged);
            extracted++;
        }

        // Deepest first, so setting a parent's time is not undone by touching a child.
        for (int i = directories.Count - 1; i >= 0; i--)
        {
            (string path, CpioEntryHeader h) = directories[i];
            ApplyMetadata(path, h, options.PreserveOwnership && privileged);
        }

        return new CpioExtractResult(extracted, skipped);
    }

    /// <summary>
    /// Maps an archive name to a relative path: <c>""</c> for the root (<c>.</c>), <see langword="null"/> when it
    /// contains a <c>..</c> component or a NUL. Leading <c>/</c> and <c>./</c> are stripped.
    /// </summary>
    public static string? Sanitize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var parts = new List<string>();
        foreach (string part in name.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == ".." || part.Contains('\0', StringComparison.Ordinal))
            {
                return null;
            }

            parts.Add(part);
        }

        return string.Join('/', parts);
    }

    private static void WriteRegular(CpioReader reader, CpioEntry entry, string path, Dictionary<(uint, uint, uint), string> links)
    {
        CpioEntryHeader h = entry.Header;
        RemoveExisting(path);
        bool linked = false;
        if (h.LinkCount > 1)
        {
            var key = (h.Inode, h.DevMajor, h.DevMinor);
            if (links.TryGetValue(key, out string? first) && File.Exists(first))
            {
                // As the kernel's maybe_link(): a later name of the inode becomes a hard link; its data (if any) fills the shared inode.
                LibC.Link(first, path);
                linked = true;
            }
            else
            {
                links[key] = path;
            }
        }

        if (linked && h.FileSize == 0)
        {
            return;
        }

        using var stream = new FileStream(path, linked ? FileMode.Truncate : FileMode.CreateNew, FileAccess.Write);
        reader.CopyDataTo(stream);
    }

    private static void ApplyMetadata(string path, CpioEntryHeader h, bool chown)
    {
        if (chown)
        {
            LibC.LChown(path, h.Uid, h.Gid);
        }

        if (h.Type != CpioEntryType.SymbolicLink && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, h.Permissions);
        }

        LibC.SetModificationTime(path, h.ModificationTime);
    }

    private static void EnsureParents(string root, string relative, long offset)
    {
        string current = root;
        string[] parts = relative.Split('/');
        for (int i = 0; i < parts.Length - 1; i++)
        {
            current = Path.Join(current, parts[i]);
            if (IsSymlink(current))
            {
                ThrowHelper.ThrowContent(CpioParseStatus.UnsafeName, offset);
            }

            if (!Directory.Exists(current))
            {
                Directory.CreateDirectory(current);
            }
        }
    }

    private static bool IsSymlink(string path)
    {
        return new FileInfo(path).LinkTarget is not null;
    }

    private static void RemoveExisting(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null || info.Exists)
        {
            info.Delete();
        }
        else if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
