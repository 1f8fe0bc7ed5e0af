using System.Diagnostics;

namespace Pxe.Ipxe;

/// <summary>
/// One command of a line: its words (the first is the command name) and the operator that follows it. An empty
/// command (no words) is what iPXE runs after a trailing <c>||</c>: it succeeds and does nothing.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class IpxeCommand : IEquatable<IpxeCommand>
{
    /// <summary>Creates a command from its words and the operator after it.</summary>
    public IpxeCommand(IEnumerable<IpxeArgument> arguments, IpxeChainOperator terminator = IpxeChainOperator.None)
        : this([.. arguments ?? []], terminator, default, default)
    {
    }

    /// <summary>Creates a command from its name and arguments.</summary>
    /// <exception cref="ArgumentException">A word cannot be written as one iPXE argument (see <see cref="IpxeArgument(string)"/>).</exception>
    public IpxeCommand(string name, params string[] arguments)
        : this([new IpxeArgument(name), .. (arguments ?? []).Select(static a => new IpxeArgument(a))], IpxeChainOperator.None, default, default)
    {
    }

    internal IpxeCommand(IpxeArgument[] arguments, IpxeChainOperator terminator, IpxeSourceSpan span, IpxeSourceSpan terminatorSpan)
    {
        Arguments = arguments;
        Terminator = terminator;
        Span = span;
        TerminatorSpan = terminatorSpan;
    }

    /// <summary>The words: the command name, then its options and arguments.</summary>
    public IReadOnlyList<IpxeArgument> Arguments { get; }

    /// <summary>The operator after the command.</summary>
    public IpxeChainOperator Terminator { get; }

    /// <summary>The command name (the first word), or an empty string for an empty command.</summary>
    public string Name => Arguments.Count == 0 ? string.Empty : Arguments[0].Text;

    /// <summary>Whether the command has no words.</summary>
    public bool IsEmpty => Arguments.Count == 0;

    /// <summary>Where the command starts in the source (its first word, or its operator when empty).</summary>
    public IpxeSourceSpan Span { get; }

    /// <summary>Where <see cref="Terminator"/> is in the source.</summary>
    public IpxeSourceSpan TerminatorSpan { get; }

    /// <summary>Returns a copy with another terminator.</summary>
    public IpxeCommand WithTerminator(IpxeChainOperator terminator) => new([.. Arguments], terminator, Span, TerminatorSpan);

    /// <summary>The text of an operator (<c>||</c>, <c>&amp;&amp;</c>, <c>;</c>), or an empty string.</summary>
    public static string OperatorText(IpxeChainOperator op) => op switch
    {
        IpxeChainOperator.Or => "||",
        IpxeChainOperator.And => "&&",
        IpxeChainOperator.Sequence => ";",
        _ => string.Empty,
    };

    /// <inheritdoc/>
    public bool Equals(IpxeCommand? other) =>
        other is not null && other.Terminator == Terminator && other.Arguments.SequenceEqual(Arguments);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as IpxeCommand);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Terminator);
        foreach (IpxeArgument a in Arguments)
        {
            hash.Add(a);
        }

        return hash.ToHashCode();
    }

    /// <summary>The words joined by single spaces, then the operator.</summary>
    public override string ToString()
    {
        string words = string.Join(' ', Arguments.Select(static a => a.Text));
        return Terminator == IpxeChainOperator.None ? words : (words.Length == 0 ? OperatorText(Terminator) : words + " " + OperatorText(Terminator));
    }
}
