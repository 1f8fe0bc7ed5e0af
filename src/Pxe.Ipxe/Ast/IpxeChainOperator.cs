namespace Pxe.Ipxe;

/// <summary>What ends a command on a line and decides whether the next one runs (src/core/exec.c <c>command_terminator</c>).</summary>
public enum IpxeChainOperator : byte
{
    /// <summary>Nothing: the command is the last on its line.</summary>
    None = 0,

    /// <summary><c>||</c>: the next command runs only if this one failed.</summary>
    Or,

    /// <summary><c>&amp;&amp;</c>: the next command runs only if this one succeeded.</summary>
    And,

    /// <summary><c>;</c>: the next command always runs.</summary>
    Sequence,
}
