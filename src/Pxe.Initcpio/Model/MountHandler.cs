namespace Pxe.Initcpio;

/// <summary>
/// A function that mounts the real root at <c>$1</c> (<c>/new_root</c>) instead of the init's default handler. The
/// emitter defines it and ends <c>run_hook</c> with <c>export mount_handler=NAME</c>, guarded by <see cref="Condition"/>.
/// </summary>
/// <param name="FunctionName">The shell function name.</param>
/// <param name="Body">The function body (ash), without braces.</param>
/// <param name="Condition">A shell test that must hold for the hook to claim the root, for example <c>[ -n "${pxe_nfs_srv}" ]</c>; <see langword="null"/> to always claim it.</param>
public sealed record MountHandler(string FunctionName, string Body, string? Condition = null);
