using Microsoft.Extensions.Logging;

namespace Pxe.Ipxe;

/// <summary>What the dry run knows about the machine and what it should pretend fails.</summary>
public sealed class IpxeInterpreterOptions
{
    /// <summary>The default for <see cref="MaxSteps"/>.</summary>
    public const int DefaultMaxSteps = 10_000;

    /// <summary>The most <c>${…}</c> substitutions in one argument before the command fails (iPXE would loop forever on <c>set x ${x}${x}</c>-style self references).</summary>
    public const int MaxExpansionsPerArgument = 1_000;

    /// <summary>The longest expanded argument, in characters, before the command fails.</summary>
    public const int MaxExpandedLength = 65_536;

    /// <summary>
    /// Settings in force when the script starts, by <c>[scope/]name</c>: for example <c>net0/mac</c>,
    /// <c>next-server</c>, <c>platform</c>, <c>buildarch</c> (default: empty). An unscoped lookup such as <c>${mac}</c>
    /// also finds a scoped entry such as <c>net0/mac</c>.
    /// </summary>
    public IDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Commands that fail (default: none). Everything else, network commands included, succeeds.</summary>
    public IList<IpxeFailureRule> Failures { get; } = [];

    /// <summary>
    /// Whether someone presses a key: when <see langword="false"/> (default) <c>prompt</c> and <c>read</c> with a
    /// <c>--timeout</c> time out and fail; without a timeout they wait, and a key (Enter) is assumed.
    /// </summary>
    public bool KeyPressed { get; set; }

    /// <summary>How many commands run before the dry run gives up (default: <see cref="DefaultMaxSteps"/>).</summary>
    public int MaxSteps { get; set; } = DefaultMaxSteps;

    /// <summary>Where each executed command is logged at Debug level (default: none).</summary>
    public ILogger? Logger { get; set; }
}
