using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pxe.Dhcp;

namespace Pxe.Host.Commands;

/// <summary>
/// <c>pxe dhcp</c>: a DHCP (or proxyDHCP) server for network boot in the foreground; stops on SIGTERM/Ctrl+C.
/// Command-line values override <c>--config FILE</c> (JSON with a <c>Pxe:Dhcp</c> section).
/// </summary>
internal static class DhcpCommand
{
    public static Command Create()
    {
        var iface = new Option<string[]>("--interface") { Description = "Interface to serve (repeatable)", Required = true, AllowMultipleArgumentsPerToken = false };
        var serverIp = new Option<string>("--server-ip") { Description = "This server's address (option 54, next-server)", Required = true };
        var range = new Option<string[]>("--range") { Description = "Address pool START-END[,MASK[,ROUTER]] (full mode; repeatable, one per subnet: the first takes --subnet-mask/--router, each further one its own MASK/ROUTER)" };
        var mask = new Option<string?>("--subnet-mask") { Description = "Subnet mask (default 255.255.255.0)" };
        var router = new Option<string?>("--router") { Description = "Default gateway (option 3)" };
        var dns = new Option<string[]>("--dns") { Description = "DNS server (option 6, repeatable)" };
        var leaseTime = new Option<int?>("--lease-time") { Description = "Lease time in seconds (default 3600)" };
        var leases = new Option<string?>("--leases") { Description = "Lease journal file (persists across restarts)" };
        var bootFile = new Option<string?>("--boot-file") { Description = "Boot file for BIOS clients" };
        var bootFileEfi = new Option<string?>("--boot-file-efi") { Description = "Boot file for x86-64 UEFI clients" };
        var httpBootUrl = new Option<string?>("--http-boot-url") { Description = "UEFI HTTP boot: the URL offered to HTTPClient clients (vendor class 'HTTPClient', option 60)" };
        var maxNewClients = new Option<int?>("--max-new-clients") { Description = $"Clients without a lease answered per second; more are counted as a flood and dropped (default {DhcpResponderSettings.DefaultMaxNewClientsPerSecond})" };
        var ipxeScript = new Option<string?>("--ipxe-script") { Description = "Script name or URL for iPXE clients" };
        var pxelinuxConfig = new Option<string?>("--pxelinux-config") { Description = "Option 209, PXELINUX configuration file" };
        var pxelinuxPrefix = new Option<string?>("--pxelinux-prefix") { Description = "Option 210, PXELINUX path prefix" };
        var host = new Option<string[]>("--host") { Description = "Reservation MAC=IP (repeatable)" };
        var proxy = new Option<bool>("--proxy") { Description = "proxyDHCP: boot information only, ports 67 and 4011" };
        var config = new Option<string?>("--config") { Description = "JSON configuration file with a Pxe:Dhcp section" };

        var logLevel = CommandHost.CreateLogLevelOption();
        var command = new Command("dhcp", "Run a DHCP or proxyDHCP server for network boot (foreground).")
        {
            iface, serverIp, range, mask, router, dns, leaseTime, leases, bootFile, bootFileEfi, httpBootUrl, ipxeScript, pxelinuxConfig, pxelinuxPrefix, host, proxy, maxNewClients, config, logLevel,
        };

        command.SetAction(async (parse, ct) =>
        {
            var values = new Dictionary<string, string?>();
            const string s = DhcpServerOptions.SectionName + ":";
            string[] interfaces = parse.GetValue(iface) ?? [];
            for (int i = 0; i < interfaces.Length; i++)
            {
                values[$"{s}Interfaces:{i}"] = interfaces[i];
            }

            values[s + "ServerAddress"] = parse.GetValue(serverIp);
            string[] ranges = parse.GetValue(range) ?? [];
            for (int i = 0; i < ranges.Length; i++)
            {
                string[] parts = ranges[i].Split(',');
                int dash = parts[0].IndexOf('-', StringComparison.Ordinal);
                if (dash < 0 || parts.Length > 3)
                {
                    await Console.Error.WriteLineAsync($"pxe dhcp: --range: expected START-END[,MASK[,ROUTER]], got '{ranges[i]}'").ConfigureAwait(false);
                    return 2;
                }

                string prefix = i == 0 ? s : $"{s}Pools:{i - 1}:";
                values[prefix + "RangeStart"] = parts[0][..dash];
                values[prefix + "RangeEnd"] = parts[0][(dash + 1)..];
                if (parts.Length > 1 && parts[1].Length > 0)
                {
                    values[prefix + "SubnetMask"] = parts[1];
                }

                if (parts.Length > 2 && parts[2].Length > 0)
                {
                    values[prefix + "Router"] = parts[2];
                }
            }

            if (parse.GetValue(mask) is { } m)
            {
                values.TryAdd(s + "SubnetMask", m); // a MASK written in the first --range wins
            }

            if (parse.GetValue(router) is { } gateway)
            {
                values.TryAdd(s + "Router", gateway);
            }
            string[] dnsServers = parse.GetValue(dns) ?? [];
            for (int i = 0; i < dnsServers.Length; i++)
            {
                values[$"{s}DnsServers:{i}"] = dnsServers[i];
            }

            Set(values, s + "LeaseTimeSeconds", parse.GetValue(leaseTime)?.ToString(CultureInfo.InvariantCulture));
            Set(values, s + "LeaseFile", parse.GetValue(leases));
            Set(values, s + "BootFile", parse.GetValue(bootFile));
            Set(values, s + "BootFileEfi", parse.GetValue(bootFileEfi));
            Set(values, s + "HttpBootUrl", parse.GetValue(httpBootUrl));
            Set(values, s + "MaxNewClientsPerSecond", parse.GetValue(maxNewClients)?.ToString(CultureInfo.InvariantCulture));
            Set(values, s + "IpxeScript", parse.GetValue(ipxeScript));
            Set(values, s + "PxelinuxConfig", parse.GetValue(pxelinuxConfig));
            Set(values, s + "PxelinuxPrefix", parse.GetValue(pxelinuxPrefix));
            string[] hosts = parse.GetValue(host) ?? [];
            for (int i = 0; i < hosts.Length; i++)
            {
                int eq = hosts[i].IndexOf('=', StringComparison.Ordinal);
                if (eq < 0)
                {
                    await Console.Error.WriteLineAsync($"--host: expected MAC=IP, got '{hosts[i]}'").ConfigureAwait(false);
                    return 2;
                }

                values[$"{s}Hosts:{i}:Mac"] = hosts[i][..eq];
                values[$"{s}Hosts:{i}:Address"] = hosts[i][(eq + 1)..];
            }

            if (parse.GetValue(proxy))
            {
                values[s + "Mode"] = nameof(DhcpServerMode.Proxy);
            }

            HostApplicationBuilder builder = CommandHost.CreateBuilder(parse.GetValue(logLevel));
            if (parse.GetValue(config) is { } file)
            {
                builder.Configuration.AddJsonFile(Path.GetFullPath(file), optional: false);
            }

            builder.Configuration.AddInMemoryCollection(values);
            builder.Services.AddPxeDhcp();
            using IHost app = builder.Build();
            try
            {
                await app.RunAsync(ct).ConfigureAwait(false);
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException ex)
            {
                await Console.Error.WriteLineAsync($"pxe dhcp: invalid configuration: {ex.Message}").ConfigureAwait(false);
                return 2;
            }

            return 0;
        });
        return command;
    }

    private static void Set(Dictionary<string, string?> values, string key, string? value)
    {
        if (value is not null)
        {
            values[key] = value;
        }
    }
}
