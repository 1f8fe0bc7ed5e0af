namespace Pxe.Initcpio;

/// <summary>A file copied from the build host into the image.</summary>
/// <param name="Source">The host path (a file, a directory copied whole, or a symbolic link).</param>
/// <param name="Destination">The absolute path in the image.</param>
/// <param name="Mode">Permissions in the image; <see langword="null"/> keeps the host file's.</param>
public sealed record InitramfsFile(string Source, string Destination, UnixFileMode? Mode = null)
{
    /// <summary>Parses the command-line form <c>SRC:DEST</c> (<c>DEST</c> defaults to <c>SRC</c>).</summary>
    /// <exception cref="FormatException">The destination is not absolute.</exception>
    public static InitramfsFile Parse(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        int colon = value.LastIndexOf(':');
        string source = colon < 0 ? value : value[..colon];
        string destination = colon < 0 ? value : value[(colon + 1)..];
        if (source.Length == 0 || !destination.StartsWith('/'))
        {
            throw new FormatException($"'{value}' is not SRC:DEST with an absolute DEST");
        }

        return new InitramfsFile(source, destination);
    }
}
