using System.Runtime.CompilerServices;
using Xunit;

namespace Pxe.Testing;

/// <summary>
/// Compares text with a checked-in golden file. The file is rewritten only when the environment variable
/// <see cref="UpdateVariable"/> is <c>1</c>; otherwise a missing or different file fails the test with a diff
/// of the first differing line.
/// </summary>
public static class GoldenFile
{
    /// <summary>The environment variable that, set to <c>1</c>, rewrites golden files instead of comparing.</summary>
    public const string UpdateVariable = "PXE_UPDATE_GOLDEN";

    /// <summary>Whether this run rewrites golden files.</summary>
    public static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>
    /// Asserts that <paramref name="actual"/> equals the golden file at <paramref name="relativePath"/>, a path
    /// relative to the calling test source file's project directory (for example <c>TestData/udhcpc.parsed.txt</c>).
    /// </summary>
    public static void AssertMatches(string relativePath, string actual, [CallerFilePath] string callerFile = "")
    {
        ArgumentNullException.ThrowIfNull(actual);
        string path = Resolve(relativePath, callerFile);
        string normalized = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Updating)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, normalized);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing; run the test with {UpdateVariable}=1 to create it");
        string expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (expected == normalized)
        {
            return;
        }

        string[] e = expected.Split('\n');
        string[] a = normalized.Split('\n');
        int line = 0;
        while (line < e.Length && line < a.Length && e[line] == a[line])
        {
            line++;
        }

        string expectedLine = line < e.Length ? e[line] : "<end of file>";
        string actualLine = line < a.Length ? a[line] : "<end of output>";
        Assert.Fail($"{path} differs at line {line + 1}:\n  expected: {expectedLine}\n  actual:   {actualLine}\n(set {UpdateVariable}=1 to accept the new output)");
    }

    /// <summary>Finds the project directory of the calling test: the nearest ancestor of the source file holding a .csproj.</summary>
    public static string Resolve(string relativePath, [CallerFilePath] string callerFile = "")
    {
        string? dir = Path.GetDirectoryName(callerFile);
        while (dir is not null && Directory.GetFiles(dir, "*.csproj").Length == 0)
        {
            dir = Path.GetDirectoryName(dir);
        }

        if (dir is null)
        {
            throw new InvalidOperationException($"no project directory above {callerFile}");
        }

        return Path.Combine(dir, relativePath);
    }
}
