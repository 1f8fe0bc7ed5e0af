namespace Pxe.Initcpio;

/// <summary>Maps <see cref="RuntimeHookPoint"/> to the shell function names mkinitcpio looks for.</summary>
public static class RuntimeHookPoints
{
    /// <summary>All points in the order the init reaches them.</summary>
    public static IReadOnlyList<RuntimeHookPoint> All { get; } =
        [RuntimeHookPoint.Early, RuntimeHookPoint.Main, RuntimeHookPoint.Late, RuntimeHookPoint.Cleanup, RuntimeHookPoint.Emergency];

    /// <summary>The function name (<c>run_hook</c> and so on), defined at column 0 because <c>add_runscript</c> greps <c>^run_</c>.</summary>
    public static string FunctionName(RuntimeHookPoint point) => point switch
    {
        RuntimeHookPoint.Early => "run_earlyhook",
        RuntimeHookPoint.Main => "run_hook",
        RuntimeHookPoint.Late => "run_latehook",
        RuntimeHookPoint.Cleanup => "run_cleanuphook",
        RuntimeHookPoint.Emergency => "run_emergencyhook",
        _ => throw new ArgumentOutOfRangeException(nameof(point)),
    };

    /// <summary>The variable of the init's <c>/config</c> that lists the hooks having this function (<c>EARLYHOOKS</c> ...).</summary>
    public static string ConfigVariable(RuntimeHookPoint point) => point switch
    {
        RuntimeHookPoint.Early => "EARLYHOOKS",
        RuntimeHookPoint.Main => "HOOKS",
        RuntimeHookPoint.Late => "LATEHOOKS",
        RuntimeHookPoint.Cleanup => "CLEANUPHOOKS",
        RuntimeHookPoint.Emergency => "EMERGENCYHOOKS",
        _ => throw new ArgumentOutOfRangeException(nameof(point)),
    };

    /// <summary>Whether the init runs this point's functions in reverse hook order.</summary>
    public static bool RunsInReverse(RuntimeHookPoint point) => point is RuntimeHookPoint.Cleanup or RuntimeHookPoint.Emergency;
}
