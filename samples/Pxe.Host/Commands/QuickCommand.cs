using System.CommandLine;
using Pxe.Host.Serve;

namespace Pxe.Host.Commands;

/// <summary>
/// <c>pxe quick archiso|alpine|rootfs DIR</c>: <c>pxe serve</c> with one boot profile made from a directory people
/// already have (see <see cref="QuickPresets"/>), plus the network flags of <c>pxe serve</c>.
/// </summary>
internal static class QuickCommand
{
    public static Command Create()
    {
        var command = new Command("quick", "Boot a distribution's files with no configuration: archiso, alpine or rootfs (runs pxe serve).");
        command.Subcommands.Add(Preset("archiso", "Boot a mounted or extracted Arch Linux ISO (kernel over TFTP/HTTP, airootfs.sfs over HTTP).", [], (dir, _) => QuickPresets.Archiso(dir)));

        var repo = new Option<string?>("--repo") { Description = $"Alpine package repository (default {QuickPresets.DefaultAlpineRepository})" };
        var apkovl = new Option<string?>("--apkovl") { Description = "Overlay (apkovl): a file in DIR or a URL" };
        command.Subcommands.Add(Preset("alpine", "Boot Alpine's netboot files (vmlinuz/initramfs/modloop-FLAVOR).", [repo, apkovl], (dir, p) => QuickPresets.Alpine(dir, p.GetValue(repo), p.GetValue(apkovl))));

        var kernel = new Option<string?>("--kernel") { Description = "Kernel (default: DIR/boot/vmlinuz-*, the newest, or DIR/vmlinuz)" };
        var initrd = new Option<string?>("--initrd") { Description = "Initramfs with the pxe_nfs_ram hook (from `pxe initramfs build`)" };
        command.Subcommands.Add(Preset("rootfs", "Boot a root file system tree over NFS, copied into RAM.", [kernel, initrd], (dir, p) => QuickPresets.RootFs(dir, p.GetValue(kernel), p.GetValue(initrd))));
        return command;
    }

    private static Command Preset(string name, string description, Option[] extra, Func<string, ParseResult, QuickPlan> plan)
    {
        var directory = new Argument<string>("DIR") { Description = "The directory to boot from" };
        var iface = new Option<string?>("--interface") { Description = "Interface to serve DHCP on" };
        var serverIp = new Option<string?>("--server-ip") { Description = "This server's IPv4 address on that interface" };
        var range = new Option<string?>("--range") { Description = "Address pool START-END (full DHCP)" };
        var proxy = new Option<bool>("--proxy") { Description = "proxyDHCP next to an existing DHCP server" };
        var httpPort = new Option<int?>("--http-port") { Description = "HTTP port (default 80)" };
        var set = new Option<string[]>("--set") { Description = "Override any configuration key: KEY=VALUE (repeatable)" };
        var command = new Command(name, description) { directory, iface, serverIp, range, proxy, httpPort, set };
        foreach (Option option in extra)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            QuickPlan p = plan(parse.GetValue(directory)!, parse);
            if (p.Error is { } error)
            {
                await Console.Error.WriteLineAsync("pxe quick " + error).ConfigureAwait(false);
                return 2;
            }

            return await ServeCommand.RunAsync(
                new ServeArguments
                {
                    Interface = parse.GetValue(iface),
                    ServerIp = parse.GetValue(serverIp),
                    Range = parse.GetValue(range),
                    Proxy = parse.GetValue(proxy),
                    Root = p.Root,
                    NfsExports = [.. p.NfsExports],
                    HttpPort = parse.GetValue(httpPort),
                    // The preset's profile first, so the user's --set can still change any of it.
                    Settings = [.. p.Settings, .. parse.GetValue(set) ?? []],
                },
                ct).ConfigureAwait(false);
        });
        return command;
    }
}
