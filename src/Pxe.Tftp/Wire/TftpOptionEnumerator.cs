namespace Pxe.Tftp;

/// <summary>
/// Enumerates the NUL-terminated option name/value pairs of a request or OACK (RFC 2347 §2) without
/// materialising them. Stops at the end of the data; a pair cut short stops the enumeration and sets
/// <see cref="Status"/> to <see cref="TftpParseStatus.MissingTerminator"/>.
/// </summary>
/// <remarks>
/// <code>
///  +-------+---~~---+---+---~~---+---+-------+---~~---+---+---~~---+---+
///  |  ...  |  opt1  | 0 | value1 | 0 |  ...  |  optN  | 0 | valueN | 0 |
///  +-------+---~~---+---+---~~---+---+-------+---~~---+---+---~~---+---+
/// </code>
/// Duplicates and unknown names are returned as they appear, in order; the caller decides (RFC 2347 §2 lets a
/// server ignore options it does not support).
/// </remarks>
public ref struct TftpOptionEnumerator
{
    private ReadOnlySpan<byte> _remaining;
    private TftpOption _current;

    /// <summary>Creates an enumerator over the option area <paramref name="options"/>.</summary>
    public TftpOptionEnumerator(ReadOnlySpan<byte> options)
    {
        _remaining = options;
        _current = default;
        Status = TftpParseStatus.Success;
    }

    /// <summary>The current option.</summary>
    public readonly TftpOption Current => _current;

    /// <summary><see cref="TftpParseStatus.Success"/>, or why enumeration stopped before the end of the data.</summary>
    public TftpParseStatus Status { get; private set; }

    /// <summary>Returns this enumerator, for <c>foreach</c>.</summary>
    public readonly TftpOptionEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next pair.</summary>
    /// <returns><see langword="false"/> at the end of the data or at a malformed pair (see <see cref="Status"/>).</returns>
    public bool MoveNext()
    {
        if (_remaining.IsEmpty)
        {
            return false;
        }

        int nameEnd = _remaining.IndexOf((byte)0);
        if (nameEnd < 0)
        {
            return Stop();
        }

        ReadOnlySpan<byte> afterName = _remaining[(nameEnd + 1)..];
        int valueEnd = afterName.IndexOf((byte)0);
        if (valueEnd < 0)
        {
            return Stop();
        }

        _current = new TftpOption(_remaining[..nameEnd], afterName[..valueEnd]);
        _remaining = afterName[(valueEnd + 1)..];
        return true;
    }

    /// <summary>Checks that <paramref name="options"/> is a whole number of NUL-terminated pairs.</summary>
    internal static TftpParseStatus Validate(ReadOnlySpan<byte> options)
    {
        var e = new TftpOptionEnumerator(options);
        while (e.MoveNext())
        {
        }

        return e.Status;
    }

    private bool Stop()
    {
        Status = TftpParseStatus.MissingTerminator;
        _remaining = default;
        _current = default;
        return false;
    }
}
