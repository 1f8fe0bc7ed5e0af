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
        var network = new ServeNetworkOptions();
        var command = new Command(name, description) { directory };
        network.AddTo(command);
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

            // The preset's profile goes in first, so the user's --set can still change any of it.
            ServeArguments arguments = network.Read(parse, new ServeArguments { Root = p.Root, NfsExports = [.. p.NfsExports], Settings = [.. p.Settings] });
            return await ServeCommand.RunAsync(arguments, ct).ConfigureAwait(false);
        });
        return command;
    }
}
