namespace Pxe.Tftp;

/// <summary>Why a requested name is refused by <see cref="TftpPathRules.TryGetRelativePath"/>.</summary>
public enum TftpPathRejection
{
    /// <summary>The name is acceptable.</summary>
    None = 0,

    /// <summary>The name is empty or names the root itself.</summary>
    Empty,

    /// <summary>The name starts with <c>/</c> (an absolute path).</summary>
    Absolute,

    /// <summary>A segment is <c>..</c> or <c>.</c>.</summary>
    DotSegment,

    /// <summary>The name contains a backslash (a Windows separator that could hide <c>..\</c>).</summary>
    Backslash,

    /// <summary>The name contains a percent-encoded byte such as <c>%2e</c>, <c>%2f</c> or <c>%5c</c>.</summary>
    Encoded,

    /// <summary>The name contains NUL or another control character.</summary>
    ControlCharacter,

    /// <summary>The name has an empty segment (<c>a//b</c>) or ends with <c>/</c>.</summary>
    EmptySegment,

    /// <summary>The name resolves, through a symbolic link, to a place outside the root.</summary>
    EscapesRoot,
}

/// <summary>
/// The jail rules of <see cref="DirectoryTftpFileProvider"/>: a requested name is a relative path of plain
/// segments separated by <c>/</c>. Everything a traversal attack uses is refused outright rather than
/// normalised, because a refusal is easier to reason about than a clever rewrite.
/// </summary>
public static class TftpPathRules
{
    /// <summary>Checks <paramref name="name"/> and returns it as a path relative to the root.</summary>
    /// <param name="name">The name from the request.</param>
    /// <param name="relativePath">The relative path using the platform separator; treated as uninitialized on failure.</param>
    /// <param name="rejection">Why the name was refused.</param>
    public static bool TryGetRelativePath(string name, out string relativePath, out TftpPathRejection rejection)
    {
        ArgumentNullException.ThrowIfNull(name);
        relativePath = string.Empty;
        rejection = Check(name);
        if (rejection != TftpPathRejection.None)
        {
            return false;
        }

        relativePath = Path.DirectorySeparatorChar == '/' ? name : name.Replace('/', Path.DirectorySeparatorChar);
        return true;
    }

    private static TftpPathRejection Check(string name)
    {
        if (name.Length == 0)
        {
            return TftpPathRejection.Empty;
        }

        foreach (char c in name)
        {
            if (c < 0x20 || c == 0x7F)
            {
                return TftpPathRejection.ControlCharacter;
            }

            if (c == '\\')
            {
                return TftpPathRejection.Backslash;
            }

            if (c == '%')
            {
                // %2e, %2f, %5c, %00 and friends: TFTP names are not URLs, so no byte is ever percent-decoded; a
                // literal '%' is refused so that no layer in front of us (or behind us) can decode it differently.
                return TftpPathRejection.Encoded;
            }
        }

        if (name[0] == '/')
        {
            return TftpPathRejection.Absolute;
        }

        if (name.Length >= 2 && name[1] == ':')
        {
            return TftpPathRejection.Absolute; // C:foo on Windows
        }

        foreach (Range r in name.AsSpan().Split('/'))
        {
            ReadOnlySpan<char> segment = name.AsSpan()[r];
            if (segment.IsEmpty)
            {
                return TftpPathRejection.EmptySegment;
            }

            if (segment is "." or "..")
            {
                return TftpPathRejection.DotSegment;
            }
        }

        return TftpPathRejection.None;
    }
}
