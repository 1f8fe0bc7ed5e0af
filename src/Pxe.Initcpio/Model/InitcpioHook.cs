namespace Pxe.Initcpio;

/// <summary>
/// An mkinitcpio hook: the install side (<c>build()</c> steps and <c>help()</c> text, run by bash at image build) and
/// the runtime side (ash functions called by <c>/init</c> at <see cref="RuntimeHookPoint"/>s, helper functions, an
/// optional <see cref="MountHandler"/>), plus the kernel command-line parameters it reads.
/// </summary>
public sealed class InitcpioHook
{
    /// <summary>Creates an empty hook.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> breaks <see cref="HookNameRules.IsValidHookName"/>.</exception>
    public InitcpioHook(string name)
    {
        if (!HookNameRules.IsValidHookName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid hook name ([A-Za-z0-9_-], at most {HookNameRules.MaxHookNameLength} characters)", nameof(name));
        }

        Name = name;
    }

    /// <summary>The hook name: the file name under <c>install/</c> and <c>hooks/</c>.</summary>
    public string Name { get; }

    /// <summary>The text <c>help()</c> prints (default: empty).</summary>
    public string Help { get; set; } = string.Empty;

    /// <summary>The calls of <c>build()</c>, in order.</summary>
    public IList<BuildStep> BuildSteps { get; } = new List<BuildStep>();

    /// <summary>Kernel command-line parameters the runtime script reads; listed in <c>help()</c> and in the script's header.</summary>
    public IList<HookParameter> Parameters { get; } = new List<HookParameter>();

    /// <summary>Shell text (ash) placed before the runtime functions, at column 0: helper function definitions.</summary>
    public string? RuntimeFunctions { get; set; }

    /// <summary>The bodies of the runtime functions, by point.</summary>
    public IDictionary<RuntimeHookPoint, string> RuntimeHooks { get; } = new SortedDictionary<RuntimeHookPoint, string>();

    /// <summary>The function that mounts the root instead of the default handler, if any.</summary>
    public MountHandler? MountHandler { get; set; }

    /// <summary>Whether the hook has a runtime script (any runtime function or a mount handler).</summary>
    public bool HasRuntimeScript => RuntimeHooks.Count > 0 || MountHandler is not null;
}
