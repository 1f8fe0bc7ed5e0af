using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Pxe.Testing;
using Xunit.Abstractions;

namespace Pxe.EndToEnd.Tests;

/// <summary>How one VM boots.</summary>
/// <param name="Name">Test label.</param>
/// <param name="Uefi">OVMF instead of SeaBIOS.</param>
/// <param name="Nic">QEMU NIC model (<c>virtio-net-pci</c>, <c>e1000</c>).</param>
/// <param name="FirmwarePxe">Empty <c>romfile=</c>: the firmware's own PXE client runs and chainloads iPXE over TFTP.</param>
/// <param name="ScriptOverTftp">iPXE gets the generated script over TFTP instead of HTTP.</param>
/// <param name="Proxy">dnsmasq, on its own host (<see cref="BootLab.SiteDhcpIp"/>), hands out addresses; <c>pxe serve --proxy</c> only the boot information.</param>
/// <param name="AllTftp">Kernel and initrd over TFTP too (as the reference server must, having no HTTP).</param>
/// <param name="Reference">Boot from dnsmasq (DHCP + TFTP) and nfs-ganesha instead of <c>pxe serve</c>.</param>
/// <param name="Browser">While the VM boots, load the status page in headless Chromium inside the namespace.</param>
public sealed record BootSpec(string Name, bool Uefi, string Nic, bool FirmwarePxe = false, bool ScriptOverTftp = false, bool Proxy = false, bool AllTftp = false, bool Reference = false, bool Browser = false);

/// <summary>What a boot showed: the serial console, the server's view of the client and the times.</summary>
/// <param name="DhcpReplies">Proxy boots only: every DHCP reply that reached the VM (empty otherwise).</param>
public sealed record BootOutcome(string Serial, string ServerOutput, JsonElement? Client, TimeSpan ToMarker, bool SawMarker, string? StatusDom, IReadOnlyList<DhcpReply> DhcpReplies);

/// <summary>One DHCP reply in a capture, as tshark decoded it.</summary>
/// <param name="Server">The sender's IPv4 address.</param>
/// <param name="Port">The sender's UDP port (67, or 4011 for proxyDHCP answers to iPXE's boot-server request).</param>
/// <param name="MessageType">DHCP option 53 (2 OFFER, 5 ACK, ...).</param>
/// <param name="YourAddress">yiaddr, the address handed out; <see langword="null"/> when 0.0.0.0.</param>
public sealed record DhcpReply(string Server, int Port, int MessageType, string? YourAddress);

/// <summary>
/// One boot in a fresh network namespace (prefix <c>e2e</c>): a bridge 10.77.0.1/24 holding the server, a tap for
/// QEMU, <c>pxe serve</c> (the built host, run as a separate process) and QEMU with real firmware, time-limited.
/// Proxy boots add the site's DHCP server (dnsmasq) as a second host: its own namespace, 10.77.0.2, bridged in.
/// </summary>
internal static class BootLab
{
    public const string ServerIp = "10.77.0.1";

    /// <summary>The site's plain DHCP server in proxy boots (dnsmasq, in its own namespace on the bridge).</summary>
    public const string SiteDhcpIp = "10.77.0.2";

    /// <summary>dnsmasq's pool in proxy and reference boots (pxe serve's own <c>--range</c> is the same, but proxy mode has none).</summary>
    public const string DnsmasqRangeStart = "10.77.0.100";

    /// <inheritdoc cref="DnsmasqRangeStart"/>
    public const string DnsmasqRangeEnd = "10.77.0.150";

    public const string Mac = "52:54:00:e2:e0:01";
    private static readonly TimeSpan BootLimit = TimeSpan.FromSeconds(150);

    public static string PxeDll => Path.Combine(AppContext.BaseDirectory, "pxe.dll");

    public static async Task<BootOutcome> BootAsync(BootArtifacts art, BootSpec spec, ITestOutputHelper output)
    {
        string work = Directory.CreateTempSubdirectory("pxe-e2e-" + spec.Name + "-").FullName;
        await using NetworkNamespace ns = await NetworkNamespace.CreateAsync("e2e");
        try
        {
            await ns.AddBridgeAsync("br0", ServerIp + "/24");
            await ns.AddTapAsync("tap0", "br0");
            string root = Directory.CreateDirectory(Path.Combine(work, "root")).FullName;
            if (spec.AllTftp || spec.Reference)
            {
                File.Copy(art.Kernel, Path.Combine(root, "vmlinuz"));
                File.Copy(art.Initrd, Path.Combine(root, "initrd.img"));
            }

            string kernel = spec.AllTftp ? $"tftp://{ServerIp}/vmlinuz" : art.Kernel;
            string initrd = spec.AllTftp ? $"tftp://{ServerIp}/initrd.img" : art.Initrd;
            string config = Path.Combine(work, "serve.json");
            await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
            {
                Pxe = new
                {
                    Serve = new
                    {
                        ScriptOverTftp = spec.ScriptOverTftp || spec.AllTftp,
                        Profiles = new[]
                        {
                            new
                            {
                                Name = "e2e",
                                Kernel = kernel,
                                Initrds = new[] { initrd },
                                NfsRoot = "/rootfs",
                                Cmdline = "console=ttyS0 pxe_failure=poweroff panic=-1",
                            },
                        },
                    },
                },
            }));

            PeerProcess? dhcpCapture = null;
            string dhcpPcap = Path.Combine(work, "dhcp.pcap");
            if (spec.Proxy)
            {
                // The site's plain DHCP server, addresses only and no PXE options, on a host of its own so that its
                // replies (and udhcpc's "obtained from") tell it apart from pxe serve; disposed with the namespace.
                NetworkNamespace site = await ns.AddPeerNamespaceAsync("e2esite", "site0", null, "eth0", SiteDhcpIp + "/24", localBridge: "br0");
                site.Start("dnsmasq", "--no-daemon", "--port=0", "--interface=eth0", "--bind-interfaces", "--user=root",
                    $"--dhcp-range={DnsmasqRangeStart},{DnsmasqRangeEnd},255.255.255.0,1h", "--no-ping", "--no-resolv", "--log-dhcp",
                    "--pid-file=" + Path.Combine(work, "dnsmasq.pid"), "--dhcp-leasefile=" + Path.Combine(work, "dnsmasq.leases"));

                // Every DHCP reply the VM got (on its tap: unicast replies between bridge ports never pass br0 itself).
                dhcpCapture = ns.Start("tcpdump", "-i", "tap0", "-n", "-U", "-w", dhcpPcap, "udp port 67 or udp port 68 or udp port 4011");
                bool listening = await dhcpCapture.WaitForOutputAsync("listening on", TimeSpan.FromSeconds(10));
                Assert.True(listening, "tcpdump did not start: " + dhcpCapture.StandardErrorSoFar);
            }

            PeerProcess serve;
            if (spec.Reference)
            {
                serve = await StartReferenceAsync(ns, art, root, work);
            }
            else
            {
                string[] serveArgs =
                [
                    PxeDll, "serve", "--interface", "br0", "--server-ip", ServerIp,
                    .. spec.Proxy ? new[] { "--proxy" } : ["--range", "10.77.0.100-10.77.0.150"],
                    "--root", root, "--nfs-export", art.RootFs + "=/rootfs", "--http-port", "80", "--config", config,
                ];
                serve = ns.Start("dotnet", serveArgs);
                bool up = await serve.WaitForOutputAsync("status page", TimeSpan.FromSeconds(60));
                Assert.True(up, "pxe serve did not start:\n" + serve.StandardOutputSoFar + serve.StandardErrorSoFar);
            }

            // PXE_E2E_PCAP_DIR=DIR keeps a capture of each boot (for `pxe decode` and for finding waits).
            PeerProcess? dump = null;
            if (Environment.GetEnvironmentVariable("PXE_E2E_PCAP_DIR") is { } pcapDir)
            {
                Directory.CreateDirectory(pcapDir);
                dump = ns.Start("tcpdump", "-i", "br0", "-n", "-U", "-s", "256", "-w", Path.Combine(pcapDir, spec.Name + ".pcap"));
                await Task.Delay(500);
            }

            string serial = Path.Combine(work, "serial.log");
            var qemu = new List<string>
            {
                "-accel", "tcg", "-m", "512", "-display", "none", "-monitor", "none", "-no-reboot",
                "-serial", "file:" + serial,
                "-netdev", "tap,id=n0,ifname=tap0,script=no,downscript=no",
                "-device", $"{spec.Nic},netdev=n0,mac={Mac},bootindex=1{(spec.FirmwarePxe ? ",romfile=" : string.Empty)}",
                "-boot", "n",
            };
            if (spec.Uefi)
            {
                string vars = Path.Combine(work, "OVMF_VARS.fd");
                File.Copy("/usr/share/OVMF/OVMF_VARS.fd", vars);
                qemu.InsertRange(0, ["-drive", "if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE.fd", "-drive", $"if=pflash,format=raw,file={vars}"]);
            }

            var clock = Stopwatch.StartNew();
            PeerProcess vm = ns.Start("qemu-system-x86_64", [.. qemu]);
            TimeSpan toMarker = TimeSpan.Zero;
            bool saw = false;
            Task<PeerResult>? browser = null;
            while (clock.Elapsed < BootLimit)
            {
                string text = File.Exists(serial) ? await File.ReadAllTextAsync(serial) : string.Empty;
                if (spec.Browser && browser is null && text.Contains("Run /init", StringComparison.Ordinal))
                {
                    // The kernel runs the initramfs: the client is mid-boot. Debian's chromium, headless.
                    browser = ns.ExecAsync(TimeSpan.FromSeconds(90), "chromium", "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                        "--user-data-dir=" + Path.Combine(work, "chromium"), "--dump-dom", $"http://{ServerIp}/status");
                }

                if (text.Contains(BootArtifacts.Marker, StringComparison.Ordinal))
                {
                    toMarker = clock.Elapsed;
                    saw = true;
                    break;
                }

                if (vm.HasExited)
                {
                    break;
                }

                await Task.Delay(100);
            }

            string? dom = null;
            if (browser is not null)
            {
                PeerResult b = await browser;
                dom = b.ExitCode == 0 ? b.StandardOutput : b.Output;
                output.WriteLine("== status page in chromium:\n" + dom);
            }

            PeerResult vmResult = await vm.WaitAsync(TimeSpan.FromSeconds(saw ? 15 : 1));
            PeerResult json = spec.Reference ? new PeerResult(1, string.Empty, "reference servers have no status endpoint", false, TimeSpan.Zero) : await ns.ExecAsync(TimeSpan.FromSeconds(10), "curl", "-sS", "--max-time", "5", $"http://{ServerIp}/api/clients");
            JsonElement? client = null;
            if (json.ExitCode == 0)
            {
                using JsonDocument doc = JsonDocument.Parse(json.StandardOutput);
                foreach (JsonElement c in doc.RootElement.GetProperty("clients").EnumerateArray())
                {
                    if (c.GetProperty("mac").GetString() == Mac)
                    {
                        client = c.Clone();
                    }
                }
            }

            PeerResult served = await serve.StopAsync(TimeSpan.FromSeconds(10));
            if (dump is not null)
            {
                await dump.StopAsync(TimeSpan.FromSeconds(5));
            }

            IReadOnlyList<DhcpReply> replies = [];
            if (dhcpCapture is not null)
            {
                await dhcpCapture.StopAsync(TimeSpan.FromSeconds(5));
                replies = await ReadDhcpRepliesAsync(dhcpPcap);
                output.WriteLine("== DHCP replies (server:port type yiaddr): " + string.Join(", ", replies.Select(r => $"{r.Server}:{r.Port} {r.MessageType} {r.YourAddress ?? "0.0.0.0"}")));
            }

            string serialText = File.Exists(serial) ? await File.ReadAllTextAsync(serial) : string.Empty;
            output.WriteLine($"== {spec} → marker {(saw ? toMarker.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "NOT SEEN")} (qemu {vmResult.ExitCode})");
            Record(spec, saw, toMarker, client, output);
            output.WriteLine("== server's view: " + (client?.ToString() ?? json.Output));
            output.WriteLine("== serial (tail):\n" + Tail(serialText, 60));
            output.WriteLine("== pxe serve (tail):\n" + Tail(served.StandardOutput + served.StandardError, 80));
            return new BootOutcome(serialText, served.StandardOutput + served.StandardError, client, toMarker, saw, dom, replies);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// The reference: dnsmasq for DHCP and TFTP (iPXE script, kernel and initrd over TFTP, with 175.176 like ours)
    /// and nfs-ganesha with rpcbind under a private mount namespace (scripts/capture/rpc-servers.sh), export /export.
    /// </summary>
    private static async Task<PeerProcess> StartReferenceAsync(NetworkNamespace ns, BootArtifacts art, string root, string work)
    {
        await File.WriteAllTextAsync(Path.Combine(root, "boot.ipxe"), $$"""
            #!ipxe
            kernel tftp://{{ServerIp}}/vmlinuz initrd=initrd.img ip=dhcp pxe_nfs_srv={{ServerIp}}:/export BOOTIF=01-${net0/mac:hexhyp} console=ttyS0 pxe_failure=poweroff panic=-1
            initrd tftp://{{ServerIp}}/initrd.img
            boot

            """.Replace("\r", string.Empty));
        string repo = BootArtifacts.RepositoryRoot;
        string export = Directory.CreateDirectory(Path.Combine(work, "export")).FullName;
        string logs = Directory.CreateDirectory(Path.Combine(work, "ganesha-logs")).FullName;
        string conf = Path.Combine(work, "ganesha.conf");
        await File.WriteAllTextAsync(conf, (await File.ReadAllTextAsync(Path.Combine(repo, "scripts", "capture", "ganesha.conf"))).Replace("@EXPORT@", export));
        PeerProcess nfs = ns.Start("unshare", "-m", "--propagation", "private", "sh", Path.Combine(repo, "scripts", "capture", "rpc-servers.sh"), conf, export, art.RootFs, logs);
        PeerProcess dns = ns.Start("dnsmasq", "--no-daemon", "--port=0", "--interface=br0", "--bind-interfaces", "--user=root",
            $"--dhcp-range={DnsmasqRangeStart},{DnsmasqRangeEnd},255.255.255.0,1h", "--no-ping", "--no-resolv", "--log-dhcp",
            "--enable-tftp", "--tftp-root=" + root, "--dhcp-match=set:ipxe,175", "--dhcp-boot=tag:ipxe,boot.ipxe", "--dhcp-boot=tag:!ipxe,undionly.kpxe",
            "--dhcp-option=encap:175,176,1b",
            "--pid-file=" + Path.Combine(work, "dnsmasq.pid"), "--dhcp-leasefile=" + Path.Combine(work, "dnsmasq.leases"));
        var wait = Stopwatch.StartNew();
        while (wait.Elapsed < TimeSpan.FromSeconds(60))
        {
            PeerResult ss = await ns.ExecAsync(TimeSpan.FromSeconds(5), "ss", "-ltn");
            if (ss.StandardOutput.Contains(":2049 ", StringComparison.Ordinal) && ss.StandardOutput.Contains(":111 ", StringComparison.Ordinal))
            {
                return dns;
            }

            Assert.False(nfs.HasExited, "rpcbind/ganesha exited: " + nfs.StandardOutputSoFar + nfs.StandardErrorSoFar);
            await Task.Delay(250);
        }

        Assert.Fail("nfs-ganesha did not listen on 2049 within 60 s: " + nfs.StandardErrorSoFar);
        return dns;
    }

    /// <summary>The DHCP replies (BOOTREPLY) in <paramref name="pcap"/>, decoded by tshark.</summary>
    private static async Task<IReadOnlyList<DhcpReply>> ReadDhcpRepliesAsync(string pcap)
    {
        PeerResult t = await PeerProcess.RunAsync("tshark", ["-n", "-r", pcap, "-Y", "dhcp.type == 2", "-T", "fields", "-E", "separator=/t",
            "-e", "ip.src", "-e", "udp.srcport", "-e", "dhcp.option.dhcp", "-e", "dhcp.ip.your"], TimeSpan.FromSeconds(60));
        Assert.True(t.ExitCode == 0, "tshark could not read the DHCP capture: " + t.Output);
        var replies = new List<DhcpReply>();
        foreach (string line in t.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split('\t');
            Assert.True(f.Length == 4, "unexpected tshark line: " + line);
            replies.Add(new DhcpReply(f[0], int.Parse(f[1], CultureInfo.InvariantCulture), int.Parse(f[2], CultureInfo.InvariantCulture), f[3] is "" or "0.0.0.0" ? null : f[3]));
        }

        return replies;
    }

    private static string Tail(string text, int lines)
    {
        string[] all = text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    /// <summary>
    /// Records the boot's timings, once formatted: to the test output always, and as one line appended to
    /// <c>$PXE_E2E_TIMINGS</c> when set (for benchmarks/README.md). The line is tab-separated: UTC time of the record,
    /// boot name, seconds from QEMU start to the marker (<c>fail</c> when not seen), then each phase the server's
    /// tracker recorded as <c>Phase=seconds</c> after the first DHCP message (<c>phaseSeconds</c> in
    /// <c>/api/clients</c>; <c>-</c> for the reference servers, which have no tracker).
    /// </summary>
    private static void Record(BootSpec spec, bool saw, TimeSpan toMarker, JsonElement? client, ITestOutputHelper output)
    {
        string marker = saw ? toMarker.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) : "fail";
        string phases = client is { } c && c.TryGetProperty("phaseSeconds", out JsonElement p)
            ? string.Join(' ', p.EnumerateObject().Select(x => $"{x.Name}={x.Value.GetDouble().ToString("0.00", CultureInfo.InvariantCulture)}"))
            : "-";
        output.WriteLine($"== timings (s): {spec.Name} marker={marker} phases: {phases}");
        if (Environment.GetEnvironmentVariable("PXE_E2E_TIMINGS") is { Length: > 0 } file)
        {
            string now = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            File.AppendAllText(file, $"{now}\t{spec.Name}\t{marker}\t{phases}\n");
        }
    }
}
