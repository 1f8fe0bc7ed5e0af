using System.Diagnostics;
using System.Text;

namespace Pxe.Ipxe;

/// <summary>
/// One whitespace-delimited word of a command (the command name is the first). iPXE has no quoting, so the text
/// never contains whitespace; it may contain <c>${…}</c> references, expanded after splitting.
/// </summary>
[DebuggerDisplay("{Text,nq}")]
public sealed class IpxeArgument : IEquatable<IpxeArgument>
{
    private IReadOnlyList<IpxeArgumentPart>? _parts;
    private int[]? _unterminated;

    /// <summary>Creates an argument from code.</summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="text"/> is empty, contains whitespace or NUL, starts with <c>#</c> (a comment) or is an operator
    /// (<c>||</c>, <c>&amp;&amp;</c>, <c>;</c>): iPXE has no quoting, so no script could carry it as one argument.
    /// </exception>
    public IpxeArgument(string text) : this(Validate(text), default)
    {
    }

    internal IpxeArgument(string text, IpxeSourceSpan span)
    {
        Text = text;
        Span = span;
    }

    /// <summary>The argument text exactly as iPXE splits it (continuations removed, references unexpanded).</summary>
    public string Text { get; }

    /// <summary>Where the argument is in the source.</summary>
    public IpxeSourceSpan Span { get; }

    /// <summary>Whether the text contains <c>${</c>, so its value is only known at run time.</summary>
    public bool HasSettingReference => Text.Contains("${", StringComparison.Ordinal);

    /// <summary>The literal and <c>${…}</c> parts of the text.</summary>
    public IReadOnlyList<IpxeArgumentPart> Parts
    {
        get
        {
            if (_parts is null)
            {
                _parts = ParseParts(Text, out _unterminated);
            }

            return _parts;
        }
    }

    /// <summary>Offsets into <see cref="Text"/> of every <c>${</c> that has no closing <c>}</c>.</summary>
    public IReadOnlyList<int> UnterminatedReferences
    {
        get
        {
            _ = Parts;
            return _unterminated!;
        }
    }

    /// <summary>Whether <paramref name="text"/> can be written as one iPXE argument.</summary>
    public static bool IsValid(string? text)
    {
        if (string.IsNullOrEmpty(text) || text[0] == '#' || text is "||" or "&&" or ";")
        {
            return false;
        }

        foreach (char c in text)
        {
            if (IpxeLexer.IsSpace(c) || c == '\0')
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public bool Equals(IpxeArgument? other) => other is not null && other.Text == Text;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as IpxeArgument);

    /// <inheritdoc/>
    public override int GetHashCode() => Text.GetHashCode(StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => Text;

    private static string Validate(string text) =>
        IsValid(text) ? text : throw new ArgumentException($"'{text}' cannot be one iPXE argument (no quoting exists: no whitespace, NUL, leading '#' or operator)", nameof(text));

    /// <summary>
    /// Splits text into literal and reference parts, matching iPXE's expansion order (src/core/settings.c
    /// <c>expand_settings</c>: the last <c>${</c> before the first following <c>}</c> is expanded first, so a <c>}</c>
    /// closes the nearest open <c>${</c>). An unterminated <c>${</c> stays literal text, as in iPXE. Two linear passes
    /// without recursion, so hostile nesting can neither overflow the stack nor take quadratic time.
    /// </summary>
    private static List<IpxeArgumentPart> ParseParts(string text, out int[] unterminated)
    {
        // Pass 1: pair every "${" with the "}" that closes it.
        var closeOf = new Dictionary<int, int>();
        var open = new Stack<int>();
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                open.Push(i);
                i++;
            }
            else if (text[i] == '}' && open.Count > 0)
            {
                closeOf[open.Pop()] = i;
            }
        }

        unterminated = [.. open.Reverse()];

        // Pass 2: build parts; only paired "${" open a reference.
        var frames = new Stack<Frame>();
        var current = new Frame(-1);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '$' && i + 1 < text.Length && text[i + 1] == '{' && closeOf.ContainsKey(i))
            {
                frames.Push(current);
                current = new Frame(i);
                i++;
            }
            else if (c == '}' && frames.Count > 0 && closeOf[current.Open] == i)
            {
                current.Flush();
                var reference = new IpxeSettingReference(current.Parts, text[(current.Open + 2)..i]);
                current = frames.Pop();
                current.Flush();
                current.Parts.Add(reference);
            }
            else
            {
                current.Literal.Append(c);
                if (c == '$' && i + 1 < text.Length && text[i + 1] == '{')
                {
                    current.Literal.Append('{');
                    i++;
                }
            }
        }

        current.Flush();
        return current.Parts;
    }

    private sealed class Frame(int open)
    {
        public int Open { get; } = open;

        public List<IpxeArgumentPart> Parts { get; } = [];

        public StringBuilder Literal { get; } = new();

        public void Flush()
        {
            if (Literal.Length > 0)
            {
                Parts.Add(new IpxeLiteralPart(Literal.ToString()));
                Literal.Clear();
            }
        }
    }
}
