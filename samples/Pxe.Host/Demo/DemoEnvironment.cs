using System.Diagnostics;

namespace Pxe.Host.Demo;

/// <summary>What <c>pxe demo</c> needs from the machine, checked before anything is started.</summary>
internal static class DemoEnvironment
{
    /// <summary>Each missing piece in words, with the command that provides it; empty when everything is there.</summary>
    public static IReadOnlyList<string> Problems(Func<string, string?> which, bool privileged, Func<string, bool> exists)
    {
        var problems = new List<string>();
        var packages = new SortedSet<string>(StringComparer.Ordinal);
        if (!privileged)
        {
            problems.Add("root: the demo creates a network namespace, a bridge and a tap device and binds ports 67, 69, 80 and 111 — run `sudo pxe demo`");
        }

        void Need(bool present, string what, string package)
        {
            if (!present)
            {
                problems.Add($"{what} (Debian package {package})");
                packages.Add(package);
            }
        }

        Need(which("qemu-system-x86_64") is not null, "QEMU: qemu-system-x86_64 is not on PATH", "qemu-system-x86");
        Need(exists("/usr/share/qemu/efi-virtio.rom") || exists("/usr/lib/ipxe/qemu/efi-virtio.rom"), "the virtio-net iPXE option ROM (efi-virtio.rom)", "ipxe-qemu");
        Need(exists("/bin/busybox") && IsStatic("/bin/busybox"), "a static busybox at /bin/busybox (the initramfs and root userland)", "busybox-static");
        Need(which("ip") is not null, "the `ip` command", "iproute2");
        Need(which("apt-get") is not null && which("dpkg") is not null, "apt-get and dpkg (to fetch the Debian kernel package without installing it)", "apt");
        if (packages.Count > 0)
        {
            problems.Add($"install with: sudo apt-get install -y {string.Join(' ', packages)}");
        }

        return problems;
    }

    /// <summary>The full path of <paramref name="program"/> on PATH, or null.</summary>
    public static string? Which(string program)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':'))
        {
            string p = Path.Combine(dir, program);
            if (File.Exists(p))
            {
                return p;
            }
        }

        return null;
    }

    private static bool IsStatic(string path)
    {
        // An ELF file without a PT_INTERP program header is statically linked.
        try
        {
            using FileStream f = File.OpenRead(path);
            var header = new byte[64];
            if (f.Read(header) < 64 || header[0] != 0x7F || header[1] != (byte)'E' || header[4] != 2)
            {
                return false;
            }

            long phoff = BitConverter.ToInt64(header, 32);
            int phentsize = BitConverter.ToUInt16(header, 54);
            int phnum = BitConverter.ToUInt16(header, 56);
            var ph = new byte[phentsize];
            for (int i = 0; i < phnum; i++)
            {
                f.Position = phoff + ((long)i * phentsize);
                if (f.Read(ph) < 4)
                {
                    return false;
                }

                if (BitConverter.ToUInt32(ph, 0) == 3)
                {
                    return false;
                }
            }

            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Runs a program to completion with a time limit; returns its exit code and output.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> args, TimeSpan limit, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using Process p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + file);
        Task<string> stdout = p.StandardOutput.ReadToEndAsync(ct);
        Task<string> stderr = p.StandardError.ReadToEndAsync(ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(limit);
        try
        {
            await p.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            return (-1, $"{file} timed out after {limit.TotalSeconds} s");
        }

        return (p.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
    }
}
