using System.Diagnostics;

namespace Pxe.Ipxe;

/// <summary>A range of the source text: character offset and length, and the 1-based line and column of its start.</summary>
/// <param name="Start">The offset of the first character.</param>
/// <param name="Length">The number of source characters covered (continuation sequences included).</param>
/// <param name="Line">The 1-based physical line of <paramref name="Start"/>.</param>
/// <param name="Column">The 1-based column of <paramref name="Start"/>, counted in characters.</param>
[DebuggerDisplay("{ToString(),nq}")]
public readonly record struct IpxeSourceSpan(int Start, int Length, int Line, int Column)
{
    /// <summary>The offset just after the last character.</summary>
    public int End => Start + Length;

    /// <summary>Whether this span is known (nodes built in code rather than parsed have no span).</summary>
    public bool IsKnown => Line > 0;

    /// <summary><c>LINE:COLUMN</c>.</summary>
    public override string ToString() => $"{Line}:{Column}";
}
