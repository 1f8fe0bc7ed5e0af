using Pxe.Testing;

namespace Pxe.Initcpio.Tests;

/// <summary>The Debian kernel package unpacked by <c>scripts/fetch-kernel.sh</c> (downloaded once into a cache).</summary>
internal static class KernelPackage
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        string script = Path.Combine(RepositoryRoot, "scripts/fetch-kernel.sh");
        PeerResult r = PeerProcess.RunAsync("bash", [script], TimeSpan.FromMinutes(5)).GetAwaiter().GetResult();
        Assert.True(r.ExitCode == 0, "scripts/fetch-kernel.sh failed: " + r.Output);
        return r.StandardOutput.Trim();
    });

    public static string Root => s_root.Value;

    public static string Vmlinuz => Directory.GetFiles(Path.Combine(Root, "boot"), "vmlinuz-*").Single();

    public static string RepositoryRoot => Repository.Root;
}
