using System.Diagnostics;

namespace Pxe.Ipxe;

/// <summary>
/// One iPXE command as data: its name, the name of the command it is a synonym of, its options, how many
/// positional arguments it accepts after the options and its usage text (from the command's <c>COMMAND_DESC</c>).
/// </summary>
/// <remarks>
/// iPXE reads options with its own <c>getopt_long</c> (src/core/getopt.c): options come first, option processing
/// stops at the first argument that does not start with <c>-</c> or at <c>--</c>, long options match exactly
/// (no abbreviations) and accept <c>--name=value</c>, and every command also accepts <c>--help</c>/<c>-h</c>.
/// </remarks>
[DebuggerDisplay("{Name,nq} {Usage,nq}")]
public sealed class IpxeCommandDescriptor
{
    /// <summary>The value of <see cref="MaxArguments"/> for commands that accept any number of arguments.</summary>
    public const int Unbounded = int.MaxValue;

    /// <summary>Creates a descriptor.</summary>
    /// <param name="name">The command name as typed.</param>
    /// <param name="canonicalName">The command this name is a synonym of (itself when it is not a synonym).</param>
    /// <param name="category">The command's group.</param>
    /// <param name="minArguments">The least number of positional arguments.</param>
    /// <param name="maxArguments">The most positional arguments, or <see cref="Unbounded"/>.</param>
    /// <param name="usage">The usage text after the command name.</param>
    /// <param name="options">The options, in declaration order.</param>
    public IpxeCommandDescriptor(string name, string canonicalName, IpxeCommandCategory category, int minArguments, int maxArguments, string usage, IReadOnlyList<IpxeOptionDescriptor> options)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfNegative(minArguments);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxArguments, minArguments);
        Name = name;
        CanonicalName = canonicalName ?? name;
        Category = category;
        MinArguments = minArguments;
        MaxArguments = maxArguments;
        Usage = usage ?? string.Empty;
        Options = options ?? [];
    }

    /// <summary>The command name as typed (<c>initrd</c>).</summary>
    public string Name { get; }

    /// <summary>The command this name is a synonym of (<c>imgfetch</c> for <c>initrd</c>), or <see cref="Name"/>.</summary>
    public string CanonicalName { get; }

    /// <summary>The command's group.</summary>
    public IpxeCommandCategory Category { get; }

    /// <summary>The least number of positional arguments after the options.</summary>
    public int MinArguments { get; }

    /// <summary>The most positional arguments after the options, or <see cref="Unbounded"/>.</summary>
    public int MaxArguments { get; }

    /// <summary>The usage text after the command name, as iPXE prints it.</summary>
    public string Usage { get; }

    /// <summary>The options in declaration order (without the implicit <c>--help</c>).</summary>
    public IReadOnlyList<IpxeOptionDescriptor> Options { get; }

    /// <summary>Finds an option by its long name (exact, case-sensitive, as iPXE compares).</summary>
    public IpxeOptionDescriptor? FindLong(ReadOnlySpan<char> longName)
    {
        foreach (IpxeOptionDescriptor option in Options)
        {
            if (longName.SequenceEqual(option.LongName))
            {
                return option;
            }
        }

        return null;
    }

    /// <summary>Finds an option by its single-letter name.</summary>
    public IpxeOptionDescriptor? FindShort(char shortName)
    {
        foreach (IpxeOptionDescriptor option in Options)
        {
            if (option.ShortName == shortName)
            {
                return option;
            }
        }

        return null;
    }

    /// <summary>The full usage line: <c>Usage: name usage</c>.</summary>
    public override string ToString() => Usage.Length == 0 ? $"Usage: {Name}" : $"Usage: {Name} {Usage}";
}
