using System.Diagnostics;

namespace Pxe.Ipxe;

/// <summary>
/// A parsed (or built) iPXE script: its logical lines and the diagnostics found in it. Equality is structural and
/// ignores source positions, raw text and diagnostics, so <c>parse(emit(ast)) == ast</c> can be tested directly.
/// </summary>
[DebuggerDisplay("{Lines.Count} lines, {Diagnostics.Count} diagnostics")]
public sealed class IpxeScript : IEquatable<IpxeScript>
{
    /// <summary>Creates a script from lines built in code and runs the checks the parser runs.</summary>
    public IpxeScript(IEnumerable<IpxeLine> lines)
    {
        Lines = [.. lines ?? []];
        Source = null;
        Diagnostics = IpxeAnalyzer.Analyze(this, null);
        Header = IpxeAnalyzer.HeaderOf(this, null);
    }

    internal IpxeScript(IpxeLine[] lines, string source, List<IpxeDiagnostic> lexical)
    {
        Lines = lines;
        Source = source;
        List<IpxeDiagnostic> all = lexical;
        all.AddRange(IpxeAnalyzer.Analyze(this, source));
        all.Sort(static (a, b) => a.Span.Start != b.Span.Start ? a.Span.Start.CompareTo(b.Span.Start) : string.CompareOrdinal(a.Code, b.Code));
        Diagnostics = all;
        Header = IpxeAnalyzer.HeaderOf(this, source);
    }

    /// <summary>The logical lines in order.</summary>
    public IReadOnlyList<IpxeLine> Lines { get; }

    /// <summary>The diagnostics, ordered by position.</summary>
    public IReadOnlyList<IpxeDiagnostic> Diagnostics { get; }

    /// <summary>The source text the script was parsed from, or <see langword="null"/> when built in code.</summary>
    public string? Source { get; }

    /// <summary>Which signature the script starts with.</summary>
    public IpxeHeaderKind Header { get; }

    /// <summary>Whether any diagnostic is an error.</summary>
    public bool HasErrors => Diagnostics.Any(static d => d.Severity == IpxeSeverity.Error);

    /// <summary>Finds the first line defining <paramref name="label"/>, as iPXE's <c>goto</c> does, or -1.</summary>
    public int FindLabel(string label)
    {
        for (int i = 0; i < Lines.Count; i++)
        {
            if (Lines[i].Label?.Name == label && !Lines[i].ContinuesPastEnd)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A stable, line-per-node dump of the tree (used by golden tests).</summary>
    public string Dump(bool includeSpans = true) => IpxeAstDump.Write(this, includeSpans);

    /// <inheritdoc/>
    public bool Equals(IpxeScript? other) => other is not null && other.Lines.SequenceEqual(Lines);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as IpxeScript);

    /// <inheritdoc/>
    public override int GetHashCode() => Lines.Count;

    /// <summary>The canonical text (see <see cref="IpxeScriptWriter"/>).</summary>
    public override string ToString() => IpxeScriptWriter.Write(this);
}
