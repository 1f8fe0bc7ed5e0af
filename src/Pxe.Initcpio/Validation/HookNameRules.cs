namespace Pxe.Initcpio;

/// <summary>What names hooks and shell functions may have.</summary>
public static class HookNameRules
{
    /// <summary>The longest hook name accepted.</summary>
    public const int MaxHookNameLength = 64;

    /// <summary>
    /// Whether <paramref name="name"/> can name a hook: 1 to <see cref="MaxHookNameLength"/> characters from
    /// <c>[A-Za-z0-9_-]</c>, not starting with <c>-</c>. Hook names become file names under <c>install/</c> and
    /// <c>hooks/</c> and words in <c>HOOKS=(...)</c>, so nothing needing quoting is allowed.
    /// </summary>
    public static bool IsValidHookName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxHookNameLength && name[0] != '-' && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    /// <summary>Whether <paramref name="name"/> is a POSIX shell function or variable name: <c>[A-Za-z_][A-Za-z0-9_]*</c>.</summary>
    public static bool IsValidFunctionName(string? name) =>
        !string.IsNullOrEmpty(name) && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
