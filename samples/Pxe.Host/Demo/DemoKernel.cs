namespace Pxe.Host.Demo;

/// <summary>
/// Takes the Debian kernel without installing it, like <c>scripts/fetch-kernel.sh</c>: resolve the package
/// <c>linux-image-amd64</c> depends on, <c>apt-get download</c> it and <c>dpkg -x</c> it into a cache folder.
/// </summary>
internal static class DemoKernel
{
    public static string CacheRoot => Path.Combine(Environment.GetEnvironmentVariable("PXE_CACHE") ?? "/var/cache/pxe", "kernel");

    /// <summary>The unpacked package root (holding <c>boot/vmlinuz-*</c> and <c>lib/modules/VERSION</c>).</summary>
    public static async Task<string> FetchAsync(Action<string> progress, CancellationToken ct)
    {
        string? package = await ResolveAsync(ct).ConfigureAwait(false);
        if (package is null)
        {
            progress("apt-get update (to resolve linux-image-amd64)");
            await DemoEnvironment.RunAsync("apt-get", ["update", "-qq"], TimeSpan.FromMinutes(5), ct).ConfigureAwait(false);
            package = await ResolveAsync(ct).ConfigureAwait(false) ?? throw new InvalidOperationException("cannot resolve the package linux-image-amd64 depends on (apt-cache depends linux-image-amd64)");
        }

        string root = Path.Combine(CacheRoot, package);
        if (File.Exists(Path.Combine(root, ".unpacked")))
        {
            return root;
        }

        progress($"downloading {package} (once; cached in {CacheRoot})");
        string tmp = Directory.CreateTempSubdirectory("pxe-kernel-").FullName;
        try
        {
            (int code, string output) = await RunIn(tmp, "apt-get", ["download", "-qq", package], ct).ConfigureAwait(false);
            if (code != 0)
            {
                throw new InvalidOperationException($"apt-get download {package} failed: {output}");
            }

            string deb = Directory.GetFiles(tmp, package + "_*.deb").Single();
            if (Directory.Exists(root))
            {
                Directory.Delete(root, true);
            }

            Directory.CreateDirectory(root);
            (code, output) = await DemoEnvironment.RunAsync("dpkg", ["-x", deb, root], TimeSpan.FromMinutes(5), ct).ConfigureAwait(false);
            if (code != 0)
            {
                throw new InvalidOperationException($"dpkg -x {deb} failed: {output}");
            }

            await File.WriteAllTextAsync(Path.Combine(root, ".unpacked"), string.Empty, ct).ConfigureAwait(false);
            return root;
        }
        finally
        {
            Directory.Delete(tmp, true);
        }
    }

    private static async Task<string?> ResolveAsync(CancellationToken ct)
    {
        (int code, string output) = await DemoEnvironment.RunAsync("apt-cache", ["depends", "linux-image-amd64"], TimeSpan.FromMinutes(1), ct).ConfigureAwait(false);
        if (code != 0)
        {
            return null;
        }

        foreach (string line in output.Split('\n'))
        {
            string t = line.Trim();
            if (t.StartsWith("Depends: linux-image-", StringComparison.Ordinal) && char.IsAsciiDigit(t["Depends: linux-image-".Length]))
            {
                return t["Depends: ".Length..];
            }
        }

        return null;
    }

    private static Task<(int, string)> RunIn(string dir, string file, string[] args, CancellationToken ct) =>
        DemoEnvironment.RunAsync("/bin/sh", ["-c", $"cd '{dir}' && {file} {string.Join(' ', args.Select(a => "'" + a + "'"))}"], TimeSpan.FromMinutes(10), ct);
}
