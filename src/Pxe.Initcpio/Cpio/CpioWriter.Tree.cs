using System.Globalization;
using System.Text;

namespace Pxe.Initcpio;

public sealed partial class CpioWriter
{
    /// <summary>
    /// Writes every file under <paramref name="sourceDirectory"/> (without following symbolic links): directories,
    /// regular files, symbolic links, device nodes, FIFOs, sockets and hard links, with their modes, owners, device
    /// numbers and modification times. Names are relative (<c>.</c>, <c>bin</c>, <c>bin/sh</c>) and visited in ordinal
    /// order with each directory before its contents, so the same tree always gives the same bytes.
    /// </summary>
    /// <returns>The number of entries written.</returns>
    public int WriteTree(string sourceDirectory, CpioTreeOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceDirectory);
        options ??= new CpioTreeOptions();
        string root = Path.GetFullPath(sourceDirectory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"'{sourceDirectory}' is not a directory");
        }

        var entries = new List<(string Name, string Path, LibC.FileStatus Status)>();
        if (options.IncludeRoot)
        {
            entries.Add((".", root, LibC.LStat(root)));
        }

        Collect(root, string.Empty, entries);

        // Hard links: group regular files by (device, inode); the last name in archive order carries the data.
        var groups = new Dictionary<(ulong, ulong), (uint Inode, int Count, int Last)>();
        for (int i = 0; i < entries.Count; i++)
        {
            LibC.FileStatus s = entries[i].Status;
            if ((s.Mode & 0xF000) == (uint)CpioEntryType.RegularFile && s.LinkCount > 1)
            {
                groups[(s.Device, s.Inode)] = groups.TryGetValue((s.Device, s.Inode), out var g) ? (g.Inode, g.Count + 1, i) : (0, 1, i);
            }
        }

        for (int i = 0; i < entries.Count; i++)
        {
            (string name, string path, LibC.FileStatus s) = entries[i];
            uint mtime = (uint)Math.Clamp(s.ModificationSeconds, 0, uint.MaxValue);
            if (options.ClampModificationTime is uint clamp && mtime > clamp)
            {
                mtime = clamp;
            }

            var header = new CpioEntryHeader
            {
                Mode = s.Mode,
                Uid = options.Uid ?? s.Uid,
                Gid = options.Gid ?? s.Gid,
                LinkCount = (s.Mode & 0xF000) == (uint)CpioEntryType.Directory ? 2u : 1u,
                ModificationTime = mtime,
                RdevMajor = s.Major,
                RdevMinor = s.Minor,
            };
            switch ((CpioEntryType)(s.Mode & 0xF000))
            {
                case CpioEntryType.RegularFile:
                    if (s.Size > CpioLimits.MaxFileSize)
                    {
                        ThrowHelper.ThrowFileTooLarge(s.Size);
                    }

                    bool carriesData = true;
                    if (groups.TryGetValue((s.Device, s.Inode), out var group) && group.Count > 1)
                    {
                        if (group.Inode == 0)
                        {
                            group = (_nextInode++, group.Count, group.Last);
                            groups[(s.Device, s.Inode)] = group;
                        }

                        header = header with { Inode = group.Inode, LinkCount = (uint)group.Count };
                        carriesData = group.Last == i;
                    }

                    if (carriesData)
                    {
                        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
                        WriteEntry(header with { FileSize = (uint)s.Size }, name, stream);
                    }
                    else
                    {
                        WriteEntry(header, name, ReadOnlySpan<byte>.Empty);
                    }

                    break;
                case CpioEntryType.SymbolicLink:
                    string target = new FileInfo(path).LinkTarget ?? string.Empty;
                    WriteEntry(header, name, Encoding.UTF8.GetBytes(target));
                    break;
                default:
                    WriteEntry(header, name, ReadOnlySpan<byte>.Empty);
                    break;
            }
        }

        return entries.Count;
    }

    private static void Collect(string directory, string prefix, List<(string, string, LibC.FileStatus)> entries)
    {
        string[] children = Directory.GetFileSystemEntries(directory);
        for (int i = 0; i < children.Length; i++)
        {
            children[i] = Path.GetFileName(children[i]);
        }

        Array.Sort(children, StringComparer.Ordinal);
        foreach (string child in children)
        {
            string path = Path.Combine(directory, child);
            string name = prefix.Length == 0 ? child : string.Create(CultureInfo.InvariantCulture, $"{prefix}/{child}");
            LibC.FileStatus status = LibC.LStat(path);
            entries.Add((name, path, status));
            if ((status.Mode & 0xF000) == (uint)CpioEntryType.Directory)
            {
                Collect(path, name, entries);
            }
        }
    }
}
