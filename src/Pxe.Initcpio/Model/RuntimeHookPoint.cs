namespace Pxe.Initcpio;

/// <summary>
/// The points at which mkinitcpio's <c>/init</c> calls a hook's runtime functions. Early, main and late hooks run
/// in <c>HOOKS</c> order; cleanup and emergency hooks run in reverse order.
/// </summary>
public enum RuntimeHookPoint
{
    /// <summary><c>run_earlyhook</c>: after the API filesystems are mounted and the command line parsed; start daemons here.</summary>
    Early = 0,

    /// <summary><c>run_hook</c>: most of the work, before the root is mounted (and where a hook claims <c>mount_handler</c>).</summary>
    Main = 1,

    /// <summary><c>run_latehook</c>: after the root is mounted at <c>/new_root</c>.</summary>
    Late = 2,

    /// <summary><c>run_cleanuphook</c>: stop daemons before <c>switch_root</c>.</summary>
    Cleanup = 3,

    /// <summary><c>run_emergencyhook</c>: before the emergency shell is launched.</summary>
    Emergency = 4,
}
