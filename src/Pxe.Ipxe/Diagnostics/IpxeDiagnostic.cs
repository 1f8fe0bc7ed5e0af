using System.Diagnostics;

namespace Pxe.Ipxe;

/// <summary>
/// A problem found in a user's script: a code (<c>IPXE001</c>…, see <see cref="IpxeDiagnosticCodes"/>), a
/// severity, a message and where it is. User-script errors are diagnostics, never exceptions.
/// </summary>
/// <param name="Code">The stable diagnostic code.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Message">A one-line explanation.</param>
/// <param name="Span">Where in the source it applies.</param>
[DebuggerDisplay("{ToString(),nq}")]
public sealed record IpxeDiagnostic(string Code, IpxeSeverity Severity, string Message, IpxeSourceSpan Span)
{
    /// <summary>The 1-based line.</summary>
    public int Line => Span.Line;

    /// <summary>The 1-based column.</summary>
    public int Column => Span.Column;

    /// <summary><c>LINE:COL: error|warning CODE: message</c>.</summary>
    public override string ToString() =>
        $"{Span.Line}:{Span.Column}: {(Severity == IpxeSeverity.Error ? "error" : "warning")} {Code}: {Message}";

    /// <summary><c>FILE:LINE:COL: error|warning CODE: message</c>, the form compilers print.</summary>
    public string ToString(string fileName) => $"{fileName}:{ToString()}";
}
