using System.Diagnostics;

namespace Pxe.Initcpio;

/// <summary>
/// One call in an install script's <c>build()</c> function. Arguments are plain values; the emitter quotes each
/// of them (<see cref="ShellQuoting"/>), so any string is safe, including spaces, quotes and <c>$</c>.
/// </summary>
[DebuggerDisplay("{Kind} {string.Join(' ', Arguments)}")]
public sealed class BuildStep
{
    private BuildStep(BuildStepKind kind, IReadOnlyList<string> arguments, string? content = null)
    {
        foreach (string argument in arguments)
        {
            ArgumentNullException.ThrowIfNull(argument);
        }

        Kind = kind;
        Arguments = arguments;
        Content = content;
    }

    /// <summary>Which helper this step calls.</summary>
    public BuildStepKind Kind { get; }

    /// <summary>The helper's arguments (for <see cref="BuildStepKind.Map"/>, the function name first).</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The inline content of an <see cref="BuildStepKind.AddFileContent"/> step.</summary>
    public string? Content { get; }

    /// <summary><c>add_module NAME</c>.</summary>
    public static BuildStep AddModule(string name) => new(BuildStepKind.AddModule, [Required(name)]);

    /// <summary><c>add_checked_modules [-f FILTER] PATTERN</c>.</summary>
    public static BuildStep AddCheckedModules(string pattern, string? filter = null) =>
        new(BuildStepKind.AddCheckedModules, filter is null ? [Required(pattern)] : ["-f", filter, Required(pattern)]);

    /// <summary><c>add_binary SOURCE [DEST] [MODE]</c>.</summary>
    public static BuildStep AddBinary(string source, string? destination = null, string? mode = null) =>
        new(BuildStepKind.AddBinary, Optional(Required(source), destination, mode));

    /// <summary><c>add_file SOURCE [DEST] [MODE]</c>.</summary>
    public static BuildStep AddFile(string source, string? destination = null, string? mode = null) =>
        new(BuildStepKind.AddFile, Optional(Required(source), destination, mode));

    /// <summary><c>printf '%s' CONTENT | add_file - DEST MODE</c>.</summary>
    public static BuildStep AddFileContent(string content, string destination, string mode = "644")
    {
        ArgumentNullException.ThrowIfNull(content);
        return new(BuildStepKind.AddFileContent, ["-", Required(destination), Required(mode)], content);
    }

    /// <summary><c>add_dir PATH [MODE]</c>.</summary>
    public static BuildStep AddDir(string path, string? mode = null) => new(BuildStepKind.AddDir, Optional(Required(path), mode));

    /// <summary><c>add_symlink PATH [TARGET]</c>.</summary>
    public static BuildStep AddSymlink(string path, string? target = null) => new(BuildStepKind.AddSymlink, Optional(Required(path), target));

    /// <summary><c>add_full_dir DIR [GLOB] [STRIP_PREFIX]</c>.</summary>
    public static BuildStep AddFullDir(string directory, string? glob = null, string? stripPrefix = null) =>
        new(BuildStepKind.AddFullDir, Optional(Required(directory), glob ?? (stripPrefix is null ? null : "*"), stripPrefix));

    /// <summary><c>add_runscript</c>.</summary>
    public static BuildStep AddRunscript() => new(BuildStepKind.AddRunscript, []);

    /// <summary><c>map FUNCTION ARG...</c>, for example <c>map add_module sunrpc nfsv3</c>.</summary>
    public static BuildStep Map(string function, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (!HookNameRules.IsValidFunctionName(function))
        {
            throw new ArgumentException($"'{function}' is not a shell function name", nameof(function));
        }

        return new(BuildStepKind.Map, [function, .. arguments]);
    }

    private static string Required(string value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        return value;
    }

    private static string[] Optional(string first, params string?[] rest)
    {
        var list = new List<string> { first };
        for (int i = 0; i < rest.Length; i++)
        {
            if (rest[i] is null)
            {
                // A later argument needs this position filled: mkinitcpio treats an empty string as "default".
                if (rest.Skip(i + 1).Any(r => r is not null))
                {
                    list.Add(string.Empty);
                    continue;
                }

                break;
            }

            list.Add(rest[i]!);
        }

        return [.. list];
    }
}
