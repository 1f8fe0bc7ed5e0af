using System.Diagnostics;

namespace Pxe.Ipxe;

/// <summary>
/// One logical line of a script (physical lines joined by <c>\</c> continuations): an optional label, the commands
/// separated by operators, and an optional comment.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class IpxeLine : IEquatable<IpxeLine>
{
    /// <summary>Creates a line from code.</summary>
    /// <param name="label">The label, or <see langword="null"/>.</param>
    /// <param name="commands">The commands; use an empty command after a trailing <c>||</c>.</param>
    /// <param name="comment">A comment starting with <c>#</c>, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="comment"/> does not start with <c>#</c> or contains a line break or NUL.</exception>
    public IpxeLine(IpxeLabel? label, IEnumerable<IpxeCommand>? commands, string? comment = null)
        : this(label, [.. commands ?? []], ValidateComment(comment), null, null, default, false)
    {
    }

    internal IpxeLine(IpxeLabel? label, IpxeCommand[] commands, string? comment, string? ignoredText, string? rawText, IpxeSourceSpan span, bool continuesPastEnd)
    {
        Label = label;
        Commands = commands;
        Comment = comment;
        IgnoredText = ignoredText;
        RawText = rawText;
        Span = span;
        ContinuesPastEnd = continuesPastEnd;
    }

    /// <summary>A blank line.</summary>
    public static IpxeLine Blank { get; } = new(null, [], null);

    /// <summary>The label at the start of the line, or <see langword="null"/>.</summary>
    public IpxeLabel? Label { get; }

    /// <summary>The commands in order; empty for blank, label-only and comment-only lines.</summary>
    public IReadOnlyList<IpxeCommand> Commands { get; }

    /// <summary>The comment (from <c>#</c>, trailing whitespace removed), or <see langword="null"/>.</summary>
    public string? Comment { get; }

    /// <summary>Text after a NUL character, which iPXE never sees; only set by the parser.</summary>
    public string? IgnoredText { get; }

    /// <summary>The exact source text of the line including continuations and its terminator; only set by the parser.</summary>
    public string? RawText { get; }

    /// <summary>Where the line is in the source.</summary>
    public IpxeSourceSpan Span { get; }

    /// <summary>Whether the line ends the script in a continuation, so iPXE discards it and fails.</summary>
    public bool ContinuesPastEnd { get; }

    /// <summary>Whether the line has nothing to run (no commands).</summary>
    public bool IsBlank => Commands.Count == 0 && Label is null && Comment is null;

    /// <inheritdoc/>
    public bool Equals(IpxeLine? other) =>
        other is not null
        && Equals(other.Label, Label)
        && other.Comment == Comment
        && other.ContinuesPastEnd == ContinuesPastEnd
        && other.Commands.SequenceEqual(Commands);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as IpxeLine);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Label, Comment, Commands.Count);

    /// <summary>The canonical text of the line.</summary>
    public override string ToString() => IpxeScriptWriter.FormatLine(this, keepComments: true);

    private static string? ValidateComment(string? comment)
    {
        if (comment is null)
        {
            return null;
        }

        if (comment.Length == 0 || comment[0] != '#' || comment.AsSpan().IndexOfAny('\n', '\0') >= 0)
        {
            throw new ArgumentException("a comment starts with '#' and has no line break or NUL", nameof(comment));
        }

        return comment.TrimEnd(' ', '\t', '\v', '\f', '\r');
    }
}
