using System.Text.RegularExpressions;
using Pxe.Testing;

namespace Pxe.Dhcp.Tests.Interop;

/// <summary>
/// <c>pxe dhcp</c> against real clients in network namespaces: busybox udhcpc (plain, PXE BIOS, EFI arch 7, iPXE
/// user class, asking 209/210), ISC dhclient (arch 7, 209/210), perfdhcp (2,000 relayed clients), garbage, and a
/// <c>kill -9</c> restart. Needs root (CI runs as root).
/// </summary>
[Trait("Category", "Interop")]
public class DhcpInteropTests
{
    private static readonly string[] Range = ["--range", "10.77.0.100-10.77.0.200"];

    private static readonly string[] Boot =
    [
        "--boot-file", "undionly.kpxe", "--boot-file-efi", "ipxe.efi", "--ipxe-script", "http://10.77.0.1/boot.ipxe",
        "--pxelinux-config", "pxelinux.cfg/default", "--pxelinux-prefix", "/srv/tftp/", "--router", "10.77.0.1", "--dns", "10.77.0.1",
    ];

    [Fact]
    public async Task Udhcpc_plain_pxe_bios_efi_ipxe_and_pxelinux_options()
    {
        await using DhcpLab lab = await DhcpLab.CreateAsync();
        PeerProcess pxe = await lab.StartPxeAsync([.. Range, .. Boot, "--lease-time", "120", "--log-level", "debug"]);

        Dictionary<string, string> plain = await lab.UdhcpcAsync("plain");
        Assert.Matches(@"^10\.77\.0\.(1[0-9][0-9]|200)$", plain["ip"]);

        // --log-level debug: a line per reply, naming the client, the address and where it went.
        // The console logger writes from a queue of its own, so the lines may trail the reply by a moment.
        var offer = new Regex($@"Offer for ([0-9a-f]{{2}}:){{5}}[0-9a-f]{{2}} yiaddr {Regex.Escape(plain["ip"])} to 255\.255\.255\.255:68");
        var ack = new Regex($@"Ack for ([0-9a-f]{{2}}:){{5}}[0-9a-f]{{2}} yiaddr {Regex.Escape(plain["ip"])} to ");
        for (int waited = 0; waited < 100 && !(offer.IsMatch(pxe.StandardOutputSoFar) && ack.IsMatch(pxe.StandardOutputSoFar)); waited++)
        {
            await Task.Delay(50);
        }

        Assert.Matches(offer, pxe.StandardOutputSoFar);
        Assert.Matches(ack, pxe.StandardOutputSoFar);
        Assert.Equal("255.255.240.0", plain["subnet"]);
        Assert.Equal("10.77.0.1", plain["router"].Trim());
        Assert.Equal("10.77.0.1", plain["serverid"]);
        Assert.Equal("120", plain["lease"]);
        Assert.False(plain.ContainsKey("boot_file"));

        Dictionary<string, string> bios = await lab.UdhcpcAsync("bios", "-V", "PXEClient:Arch:00000:UNDI:002001", "-x", "0x5d:0000");
        Assert.Equal("undionly.kpxe", bios["boot_file"]);
        Assert.Equal("10.77.0.1", bios["siaddr"]);
        Assert.Equal(plain["ip"], bios["ip"]); // same MAC, same lease

        Dictionary<string, string> efi = await lab.UdhcpcAsync("efi", "-V", "PXEClient:Arch:00007:UNDI:003010", "-x", "0x5d:0007");
        Assert.Equal("ipxe.efi", efi["boot_file"]);

        Dictionary<string, string> ipxe = await lab.UdhcpcAsync("ipxe", "-V", "PXEClient:Arch:00000:UNDI:002001", "-x", "0x5d:0000", "-x", "0x4d:69505845");
        Assert.Equal("http://10.77.0.1/boot.ipxe", ipxe["boot_file"]);

        Dictionary<string, string> pxelinux = await lab.UdhcpcAsync("pxelinux", "-O", "209", "-O", "210");
        string all = string.Join('\n', pxelinux.Select(kv => $"{kv.Key}={kv.Value}"));
        Assert.Contains("pxelinux.cfg/default", all);
        Assert.Contains("/srv/tftp/", all);
    }

    [Fact]
    public async Task Dhclient_with_arch_7_gets_efi_file_and_options_209_210()
    {
        await using DhcpLab lab = await DhcpLab.CreateAsync();
        await lab.StartPxeAsync([.. Range, .. Boot]);
        string conf = Path.Combine(lab.Directory, "dhclient.conf");
        File.WriteAllText(conf, """
            option pxe-arch code 93 = unsigned integer 16;
            option pxelinux-config code 209 = text;
            option pxelinux-prefix code 210 = text;
            send pxe-arch 7;
            send vendor-class-identifier "PXEClient:Arch:00007:UNDI:003010";
            request subnet-mask, routers, domain-name-servers, pxelinux-config, pxelinux-prefix;
            """);
        string dump = Path.Combine(lab.Directory, "dhclient.env");
        string script = lab.WriteDumpScript("dhclient.sh", dump);
        PeerProcess dhclient = lab.Client.Start("dhclient", "-d", "-1", "-v", "-cf", conf, "-lf", Path.Combine(lab.Directory, "dhclient.leases"), "-pf", Path.Combine(lab.Directory, "dhclient.pid"), "-sf", script, DhcpLab.ClientIf);
        string text = "";
        for (int i = 0; i < 200 && !text.Contains("reason=BOUND", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
            text = File.Exists(dump) ? File.ReadAllText(dump) : "";
        }

        Assert.True(text.Contains("reason=BOUND", StringComparison.Ordinal), $"dhclient did not bind:\n{dhclient.StandardErrorSoFar}\n{text}");
        Dictionary<string, string> env = DhcpLab.ParseBound(text, "EVENT= BOUND");
        Assert.Matches(@"^10\.77\.0\.\d+$", env["new_ip_address"]);
        Assert.Equal("ipxe.efi", env["new_filename"]);
        Assert.Equal("pxelinux.cfg/default", env["new_pxelinux_config"]);
        Assert.Equal("/srv/tftp/", env["new_pxelinux_prefix"]);
    }

    [Fact]
    public async Task Kill_9_restart_keeps_the_clients_address_and_garbage_is_survived()
    {
        await using DhcpLab lab = await DhcpLab.CreateAsync();
        string leases = Path.Combine(lab.Directory, "leases");
        await lab.StartPxeAsync([.. Range, "--leases", leases]);

        // Two clients: the second gets the second address.
        Dictionary<string, string> first = await lab.UdhcpcAsync("first", "-x", "0x3d:01020000000001");
        Dictionary<string, string> second = await lab.UdhcpcAsync("second", "-x", "0x3d:01020000000002");
        Assert.NotEqual(first["ip"], second["ip"]);

        // Garbage: random datagrams to port 67, broadcast and unicast; the server counts and drops them.
        PeerResult junk = await lab.Client.ExecAsync(TimeSpan.FromSeconds(30), "python3", "-c", """
            import os, socket, random
            random.seed(4)
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, b"dhc0")
            for i in range(500):
                n = random.randrange(0, 700)
                d = bytearray(os.urandom(n))
                if n > 240 and i % 2 == 0:
                    d[0] = 1; d[236:240] = b"\x63\x82\x53\x63"
                s.sendto(bytes(d), ("255.255.255.255", 67))
            print("sent")
            """);
        Assert.Contains("sent", junk.StandardOutput);

        await lab.KillPxeAsync();
        await lab.StartPxeAsync([.. Range, "--leases", leases]);

        // After the restart the second client asks first: without the journal it would get the first address.
        Dictionary<string, string> again = await lab.UdhcpcAsync("again", "-x", "0x3d:01020000000002");
        Assert.Equal(second["ip"], again["ip"]);
        Dictionary<string, string> firstAgain = await lab.UdhcpcAsync("firstagain", "-x", "0x3d:01020000000001");
        Assert.Equal(first["ip"], firstAgain["ip"]);
        Assert.False(lab.Pxe!.HasExited);
    }

    [Fact]
    public async Task Perfdhcp_2000_relayed_clients_all_unique_none_dropped()
    {
        await using DhcpLab lab = await DhcpLab.CreateAsync(clientCidr: "10.77.0.2/20");
        string leases = Path.Combine(lab.Directory, "leases");
        await lab.StartPxeAsync("--range", "10.77.1.0-10.77.15.250", "--leases", leases, "--lease-time", "3600");

        // perfdhcp acts as a relay (giaddr = 10.77.0.2, from port 67); -R 2000 distinct MACs, one DORA each.
        PeerResult perf = await lab.Client.ExecAsync(TimeSpan.FromSeconds(90), "perfdhcp", "-4", "-l", DhcpLab.ClientIf, "-R", "2000", "-b", "mac=02:77:00:00:00:00", "-r", "250", "-n", "2000", "-p", "30", "-g", "single", "-W", "2000000", DhcpLab.ServerIp);
        string output = perf.StandardOutput + perf.StandardError;
        Assert.True(perf.ExitCode is 0 or 3, output);
        MatchCollection sent = Regex.Matches(output, @"sent packets: (\d+)");
        MatchCollection received = Regex.Matches(output, @"received packets: (\d+)");
        MatchCollection drops = Regex.Matches(output, @"drops: (\d+)");
        Assert.True(sent.Count >= 2, output);
        Assert.True(sent[0].Groups[1].Value == received[0].Groups[1].Value, "DISCOVER → OFFER lost:\n" + output);
        Assert.True(sent[1].Groups[1].Value == received[1].Groups[1].Value, "REQUEST → ACK lost:\n" + output);
        Assert.True(drops.All(d => d.Groups[1].Value == "0"), output);
        Assert.True(int.Parse(sent[0].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 2000, output);

        // Stop cleanly (SIGTERM flushes), then every bound client holds a distinct address.
        PeerResult stopped = await lab.Pxe!.StopAsync(TimeSpan.FromSeconds(15));
        Assert.False(stopped.TimedOut, stopped.Output);
        string[] lines = File.ReadAllLines(leases);
        var byKey = new Dictionary<string, string>();
        foreach (string line in lines)
        {
            string[] f = line.Split(' ');
            if (f[0] == "L" && f[4] == "1")
            {
                byKey[f[1]] = f[2];
            }
        }

        Assert.True(byKey.Count >= 1900, $"only {byKey.Count} bound clients\n{output}");
        Assert.Equal(byKey.Count, byKey.Values.Distinct().Count());
    }
}
