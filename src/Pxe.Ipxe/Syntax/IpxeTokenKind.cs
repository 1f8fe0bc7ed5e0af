namespace Pxe.Ipxe;

/// <summary>The kind of an <see cref="IpxeLexer"/> token.</summary>
public enum IpxeTokenKind : byte
{
    /// <summary>No token (before the first <see cref="IpxeLexer.Read"/> or after the end).</summary>
    None = 0,

    /// <summary>A <c>:label</c> at the start of a line; <see cref="IpxeLexer.Value"/> is the name without the colon.</summary>
    Label,

    /// <summary>A whitespace-delimited word (a command name or argument); no quoting exists in iPXE.</summary>
    Word,

    /// <summary>The standalone token <c>||</c>: run what follows only if the previous command failed.</summary>
    Or,

    /// <summary>The standalone token <c>&amp;&amp;</c>: run what follows only if the previous command succeeded.</summary>
    And,

    /// <summary>The standalone token <c>;</c>: run what follows regardless.</summary>
    Semicolon,

    /// <summary>A comment: a token that starts with <c>#</c>, to the end of the line.</summary>
    Comment,

    /// <summary>Text after a NUL character, which iPXE never sees because lines are C strings.</summary>
    Ignored,

    /// <summary>The end of a logical line (after any <c>\</c> continuations); its span covers the line terminator.</summary>
    EndOfLine,
}
