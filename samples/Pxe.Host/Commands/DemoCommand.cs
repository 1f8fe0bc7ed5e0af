using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Pxe.Host.Demo;

namespace Pxe.Host.Commands;

/// <summary>
/// <c>pxe demo</c>: boots a throwaway VM from <c>pxe serve</c> inside a private network namespace and shows each
/// phase live until the VM's own init reports success. Without root or QEMU it says what is missing and how to get it.
/// </summary>
internal static class DemoCommand
{
    private const string ServerIp = "10.78.0.1";
    private const string VmMac = "52:54:00:de:00:01";

    public static Command Create()
    {
        var firmware = new Option<string>("--firmware") { Description = "bios (SeaBIOS + iPXE ROM) or uefi (OVMF + iPXE EFI ROM)", DefaultValueFactory = _ => "bios" };
        var timeout = new Option<int>("--timeout") { Description = "Give up after this many seconds", DefaultValueFactory = _ => 300 };
        var keep = new Option<bool>("--keep") { Description = "Keep the work directory (serial log, images)" };
        var command = new Command("demo", "Boot a throwaway VM over the network from pxe serve, in a private namespace, and show each phase.") { firmware, timeout, keep };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(firmware) == "uefi", TimeSpan.FromSeconds(parse.GetValue(timeout)), parse.GetValue(keep), ct));
        return command;
    }

    private static async Task<int> RunAsync(bool uefi, TimeSpan limit, bool keep, CancellationToken ct)
    {
        IReadOnlyList<string> problems = DemoEnvironment.Problems(DemoEnvironment.Which, Environment.IsPrivilegedProcess, File.Exists);
        if (uefi && !File.Exists("/usr/share/OVMF/OVMF_CODE.fd"))
        {
            problems = [.. problems, "UEFI firmware /usr/share/OVMF/OVMF_CODE.fd (Debian package ovmf; or use --firmware bios)"];
        }

        if (problems.Count > 0)
        {
            await Console.Error.WriteLineAsync("pxe demo cannot run yet. Missing:").ConfigureAwait(false);
            foreach (string p in problems)
            {
                await Console.Error.WriteLineAsync("  - " + p).ConfigureAwait(false);
            }

            return 2;
        }

        var clock = Stopwatch.StartNew();
        void Say(string text) => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0}s] {text}");
        string work = Directory.CreateTempSubdirectory("pxe-demo-").FullName;
        string ns = "pxedemo" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        Process? serve = null;
        Process? vm = null;
        StreamWriter? log = null;
        object logGate = new();
        try
        {
            Say("fetching the Debian kernel (as scripts/fetch-kernel.sh does)");
            string kernelRoot = await DemoKernel.FetchAsync(Say, ct).ConfigureAwait(false);
            Say("building the initramfs (Pxe.Initcpio, hook pxe_nfs_ram) and a tiny root file system");
            (string kernel, string initrd, string rootfs) = await DemoImages.BuildAsync(kernelRoot, work, ct).ConfigureAwait(false);

            Say($"creating network namespace {ns}: bridge br0 {ServerIp}/24 and tap0 for the VM");
            foreach (string[] step in new[]
            {
                new[] { "netns", "add", ns },
                ["-n", ns, "link", "set", "lo", "up"],
                ["-n", ns, "link", "add", "br0", "type", "bridge"],
                ["-n", ns, "addr", "add", ServerIp + "/24", "dev", "br0"],
                ["-n", ns, "link", "set", "br0", "up"],
                ["-n", ns, "tuntap", "add", "tap0", "mode", "tap"],
                ["-n", ns, "link", "set", "tap0", "master", "br0"],
                ["-n", ns, "link", "set", "tap0", "up"],
            })
            {
                (int code, string output) = await DemoEnvironment.RunAsync("ip", step, TimeSpan.FromSeconds(20), ct).ConfigureAwait(false);
                if (code != 0)
                {
                    throw new InvalidOperationException($"ip {string.Join(' ', step)}: {output}");
                }
            }

            // iPXE waits ~13 s for an IPv6 router advertisement unless IPv6 is off (E2E-NOTES).
            await DemoEnvironment.RunAsync("ip", ["netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1"], TimeSpan.FromSeconds(10), ct).ConfigureAwait(false);

            string config = Path.Combine(work, "serve.json");
            await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
            {
                Pxe = new { Serve = new { Profiles = new[] { new { Name = "demo", Kernel = kernel, Initrds = new[] { initrd }, NfsRoot = "/demo", Cmdline = "console=ttyS0 quiet pxe_failure=poweroff panic=-1" } } } },
            }), ct).ConfigureAwait(false);
            string root = Directory.CreateDirectory(Path.Combine(work, "tftp")).FullName;
            (string self, string[] selfArgs) = Self();
            serve = Start("ip", ["netns", "exec", ns, self, .. selfArgs, "serve", "--interface", "br0", "--server-ip", ServerIp, "--range", "10.78.0.100-10.78.0.150",
                "--root", root, "--nfs-export", rootfs + "=/demo", "--http-port", "80", "--config", config]);
            var started = new TaskCompletionSource();
            string serveLog = Path.Combine(work, "serve.log");
            log = new StreamWriter(serveLog) { AutoFlush = true };
            serve.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    return;
                }

                lock (logGate)
                {
                    log?.WriteLine(e.Data);
                }

                if (e.Data.Contains("status page", StringComparison.Ordinal))
                {
                    started.TrySetResult();
                }

                // The tracker's phase lines: "client MAC (IP): Phase — detail".
                int at = e.Data.IndexOf("client " + VmMac, StringComparison.OrdinalIgnoreCase);
                if (at >= 0)
                {
                    Say("VM " + e.Data[(at + 7 + VmMac.Length)..].Trim());
                }
            };
            serve.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    lock (logGate)
                    {
                        log?.WriteLine(e.Data);
                    }

                    if (e.Data.StartsWith("pxe serve:", StringComparison.Ordinal))
                    {
                        Console.Error.WriteLine(e.Data);
                    }
                }
            };
            serve.BeginOutputReadLine();
            serve.BeginErrorReadLine();
            if (await Task.WhenAny(started.Task, serve.WaitForExitAsync(ct), Task.Delay(TimeSpan.FromSeconds(60), ct)).ConfigureAwait(false) != started.Task)
            {
                await Console.Error.WriteLineAsync($"pxe demo: pxe serve did not start; its log: {serveLog}").ConfigureAwait(false);
                keep = true;
                return 1;
            }

            Say($"pxe serve is up in {ns}: DHCP, TFTP, HTTP (status page http://{ServerIp}/status inside the namespace) and NFS");
            string serial = Path.Combine(work, "serial.log");
            var qemu = new List<string>
            {
                "netns", "exec", ns, "qemu-system-x86_64", "-accel", "tcg", "-m", "512", "-display", "none", "-monitor", "none", "-no-reboot",
                "-serial", "file:" + serial, "-netdev", "tap,id=n0,ifname=tap0,script=no,downscript=no",
                "-device", $"virtio-net-pci,netdev=n0,mac={VmMac},bootindex=1", "-boot", "n",
            };
            if (uefi)
            {
                string vars = Path.Combine(work, "OVMF_VARS.fd");
                File.Copy("/usr/share/OVMF/OVMF_VARS.fd", vars);
                qemu.InsertRange(4, ["-drive", "if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE.fd", "-drive", $"if=pflash,format=raw,file={vars}"]);
            }

            Say($"starting the VM ({(uefi ? "OVMF" : "SeaBIOS")} + iPXE ROM, virtio-net, TCG); serial console in {serial}");
            vm = Start("ip", [.. qemu]);
            vm.BeginOutputReadLine();
            vm.BeginErrorReadLine();
            int shown = 0;
            while (clock.Elapsed < limit)
            {
                string text = File.Exists(serial) ? await ReadShared(serial).ConfigureAwait(false) : string.Empty;
                string[] lines = text.Split('\n');
                for (; shown < lines.Length - 1; shown++)
                {
                    string l = lines[shown].Trim();
                    if (l.StartsWith(":: pxe", StringComparison.Ordinal) || l.Contains(DemoImages.Marker, StringComparison.Ordinal) || l.Contains("Kernel panic", StringComparison.Ordinal))
                    {
                        Say("VM console: " + l);
                    }
                }

                if (text.Contains(DemoImages.Marker, StringComparison.Ordinal))
                {
                    Say($"success: the VM booted over the network and its init reported in {clock.Elapsed.TotalSeconds:0.0} s");
                    return 0;
                }

                if (vm.HasExited)
                {
                    await Console.Error.WriteLineAsync($"pxe demo: the VM stopped without reporting success; serial log {serial}, server log {serveLog}").ConfigureAwait(false);
                    keep = true;
                    return 1;
                }

                await Task.Delay(200, ct).ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync($"pxe demo: no success within {limit.TotalSeconds} s; serial log {serial}, server log {serveLog}").ConfigureAwait(false);
            keep = true;
            return 1;
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync("pxe demo: " + e.Message).ConfigureAwait(false);
            return 1;
        }
        finally
        {
            Stop(vm);
            Stop(serve);
            lock (logGate)
            {
                log?.Dispose();
                log = null;
            }

            await DemoEnvironment.RunAsync("ip", ["netns", "delete", ns], TimeSpan.FromSeconds(20), CancellationToken.None).ConfigureAwait(false);
            if (keep)
            {
                Console.WriteLine("pxe demo: kept " + work);
            }
            else
            {
                Directory.Delete(work, true);
            }
        }
    }

    /// <summary>How to run this same program again: the apphost, or <c>dotnet pxe.dll</c>.</summary>
    private static (string File, string[] Args)Self()
    {
        string process = Environment.ProcessPath ?? "dotnet";
        string dll = Path.Combine(AppContext.BaseDirectory, "pxe.dll");
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? (process, [dll]) : (process, []);
    }

    private static Process Start(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + file);
    }

    private static void Stop(Process? p)
    {
        if (p is null || p.HasExited)
        {
            return;
        }

        // SIGTERM first (pxe serve stops cleanly on it), then kill what is left.
        Process.Start("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)])?.WaitForExit(2000);
        if (!p.WaitForExit(5000))
        {
            p.Kill(entireProcessTree: true);
        }

        p.Dispose();
    }

    private static async Task<string> ReadShared(string path)
    {
        await using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var r = new StreamReader(f);
        return await r.ReadToEndAsync().ConfigureAwait(false);
    }
}
