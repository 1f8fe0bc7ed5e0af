namespace Pxe.Ipxe;

/// <summary>How <see cref="IpxeScriptWriter"/> writes lines.</summary>
public enum IpxeEmitMode : byte
{
    /// <summary>
    /// One logical line per line, no indentation, single spaces between words and around operators, continuations
    /// joined, trailing whitespace and text after NUL dropped. Idempotent, and it executes the same tokens.
    /// </summary>
    Canonical = 0,

    /// <summary>Parsed lines are written byte for byte as they were read (layout and comments kept); lines built in code canonically.</summary>
    Lossless,
}
