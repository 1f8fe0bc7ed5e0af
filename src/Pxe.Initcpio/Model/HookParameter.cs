namespace Pxe.Initcpio;

/// <summary>A kernel command-line parameter a hook reads (set as a shell variable by the init's <c>parse_cmdline</c>).</summary>
/// <param name="Name">The parameter (and variable) name, for example <c>pxe_nfs_srv</c>.</param>
/// <param name="Syntax">The value's form for the help text, for example <c>HOST:/PATH</c>.</param>
/// <param name="Description">What it does.</param>
/// <param name="DefaultValue">The value used when it is absent, or <see langword="null"/> when it is required or has no default.</param>
public sealed record HookParameter(string Name, string Syntax, string Description, string? DefaultValue = null);
