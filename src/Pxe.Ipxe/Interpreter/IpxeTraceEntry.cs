using System.Globalization;

namespace Pxe.Ipxe;

/// <summary>One command the dry run executed.</summary>
/// <param name="Line">The 1-based source line of the command's line; for scripts built in code, the 1-based index of the logical line.</param>
/// <param name="Arguments">The words after <c>${…}</c> expansion; the first is the command name.</param>
/// <param name="Succeeded">Whether the command succeeded.</param>
/// <param name="Note">What happened, when worth saying (the chosen menu item, why it failed), or <see langword="null"/>.</param>
public sealed record IpxeTraceEntry(int Line, IReadOnlyList<string> Arguments, bool Succeeded, string? Note)
{
    /// <summary>The expanded command line: the words joined by single spaces, an empty word shown as <c>""</c>.</summary>
    public string CommandLine => string.Join(' ', Arguments.Select(static a => a.Length == 0 ? "\"\"" : a));

    /// <summary><c>LINE: command</c>, then <c>=&gt; note</c> or <c>=&gt; failed: reason</c>.</summary>
    public override string ToString()
    {
        string text = string.Create(CultureInfo.InvariantCulture, $"{Line}: {CommandLine}");
        if (!Succeeded)
        {
            return text + "  => failed" + (Note is null ? string.Empty : ": " + Note);
        }

        return Note is null ? text : text + "  => " + Note;
    }
}
