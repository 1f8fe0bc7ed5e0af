using System.Diagnostics;

namespace Pxe.Ipxe;

/// <summary>A <c>:label</c> at the start of a line, the target of <c>goto</c>.</summary>
[DebuggerDisplay(":{Name,nq}")]
public sealed class IpxeLabel : IEquatable<IpxeLabel>
{
    /// <summary>Creates a label.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> contains whitespace or NUL, which would end the label early.</exception>
    public IpxeLabel(string name) : this(name, default)
    {
        foreach (char c in name)
        {
            if (IpxeLexer.IsSpace(c) || c == '\0')
            {
                throw new ArgumentException($"a label cannot contain whitespace or NUL: '{name}'", nameof(name));
            }
        }
    }

    internal IpxeLabel(string name, IpxeSourceSpan span)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        Span = span;
    }

    /// <summary>The label name without the colon.</summary>
    public string Name { get; }

    /// <summary>Where the label (its colon) is in the source.</summary>
    public IpxeSourceSpan Span { get; }

    /// <inheritdoc/>
    public bool Equals(IpxeLabel? other) => other is not null && other.Name == Name;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as IpxeLabel);

    /// <inheritdoc/>
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => ":" + Name;
}
