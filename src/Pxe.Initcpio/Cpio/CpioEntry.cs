using System.Diagnostics;

namespace Pxe.Initcpio;

/// <summary>One entry read from an archive: its name, its numeric fields and, for a symbolic link, its target.</summary>
[DebuggerDisplay("{Name} {Header.Type} size={Header.FileSize}")]
public sealed class CpioEntry
{
    /// <summary>Creates an entry model.</summary>
    public CpioEntry(string name, CpioEntryHeader header, CpioFormat format, string? linkTarget = null)
    {
        Name = name;
        Header = header;
        Format = format;
        LinkTarget = linkTarget;
    }

    /// <summary>The name as stored (UTF-8 decoded).</summary>
    public string Name { get; }

    /// <summary>The numeric fields.</summary>
    public CpioEntryHeader Header { get; }

    /// <summary>The variant of this entry's header.</summary>
    public CpioFormat Format { get; }

    /// <summary>The target of a symbolic link; <see langword="null"/> for other types.</summary>
    public string? LinkTarget { get; }

    /// <summary>The entry's type.</summary>
    public CpioEntryType Type => Header.Type;

    /// <summary>
    /// A stable one-line rendering used by <c>pxe cpio list</c> and golden tests:
    /// <c>mode uid/gid size mtime name[ -&gt; target]</c> with devices showing <c>major,minor</c> instead of the size.
    /// </summary>
    public override string ToString()
    {
        CpioEntryHeader h = Header;
        string size = h.Type is CpioEntryType.CharacterDevice or CpioEntryType.BlockDevice
            ? FormattableString.Invariant($"{h.RdevMajor},{h.RdevMinor}")
            : h.FileSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string time = DateTimeOffset.FromUnixTimeSeconds(h.ModificationTime).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        string target = LinkTarget is null ? string.Empty : " -> " + LinkTarget;
        return FormattableString.Invariant($"{TypeChar(h.Type)}{Permissions(h.Mode)} {h.Uid}/{h.Gid} {size,10} {time} {Name}{target}");
    }

    private static char TypeChar(CpioEntryType type) => type switch
    {
        CpioEntryType.Directory => 'd',
        CpioEntryType.SymbolicLink => 'l',
        CpioEntryType.CharacterDevice => 'c',
        CpioEntryType.BlockDevice => 'b',
        CpioEntryType.Fifo => 'p',
        CpioEntryType.Socket => 's',
        CpioEntryType.RegularFile => '-',
        _ => '?',
    };

    private static string Permissions(uint mode)
    {
        Span<char> c = stackalloc char[9];
        const string Letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++)
        {
            c[i] = (mode & (1u << (8 - i))) != 0 ? Letters[i] : '-';
        }

        if ((mode & 0x800) != 0)
        {
            c[2] = c[2] == 'x' ? 's' : 'S';
        }

        if ((mode & 0x400) != 0)
        {
            c[5] = c[5] == 'x' ? 's' : 'S';
        }

        if ((mode & 0x200) != 0)
        {
            c[8] = c[8] == 'x' ? 't' : 'T';
        }

        return new string(c);
    }
}
