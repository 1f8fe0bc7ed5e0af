using System.CommandLine;
using Pxe.Initcpio;

namespace Pxe.Host.Commands;

/// <summary>
/// <c>pxe initramfs build --kernel-root DIR [--kernel-version V] [--modules m1,m2] [--hooks h1,h2] [--busybox PATH]
/// [--file SRC:DEST]... [--zstd|--no-compress] -o FILE</c>: builds a bootable initramfs without mkinitcpio.
/// </summary>
internal static class InitramfsCommand
{
    public static Command Create()
    {
        var initramfs = new Command("initramfs", "Build initramfs images from an unpacked kernel package, busybox and hooks.");
        var kernelRoot = new Option<DirectoryInfo>("--kernel-root") { Description = "The unpacked kernel package (holding lib/modules/VERSION).", Required = true };
        var kernelVersion = new Option<string?>("--kernel-version") { Description = "The module version to use when several are present." };
        var modules = new Option<string[]>("--modules") { Description = "Modules to load at boot (comma-separated or repeated), e.g. virtio_pci,virtio_net.", AllowMultipleArgumentsPerToken = false };
        var hooks = new Option<string[]>("--hooks") { Description = $"Hooks in HOOKS order (comma-separated or repeated): {string.Join(", ", PxeHooks.Names)}.", AllowMultipleArgumentsPerToken = false };
        var busybox = new Option<string>("--busybox") { Description = "The static busybox to embed.", DefaultValueFactory = _ => InitramfsBuilder.DefaultBusyboxPath };
        var files = new Option<string[]>("--file") { Description = "An extra file or directory SRC:DEST (repeatable).", AllowMultipleArgumentsPerToken = false };
        var zstd = new Option<bool>("--zstd") { Description = "Compress with zstd instead of gzip." };
        var plain = new Option<bool>("--no-compress") { Description = "Write a plain cpio archive." };
        var output = new Option<FileInfo>("--output", "-o") { Description = "The image to write.", Required = true };
        var build = new Command("build", "Build FILE: busybox, modules (dependencies from .modinfo), hooks, files and a generated /init.")
        {
            kernelRoot, kernelVersion, modules, hooks, busybox, files, zstd, plain, output,
        };
        build.SetAction(parse =>
        {
            var builder = new InitramfsBuilder
            {
                KernelRoot = parse.GetValue(kernelRoot)!.FullName,
                KernelVersion = parse.GetValue(kernelVersion),
                BusyboxPath = parse.GetValue(busybox)!,
                Compression = parse.GetValue(plain) ? CpioCompression.None : parse.GetValue(zstd) ? CpioCompression.Zstd : CpioCompression.Gzip,
            };
            foreach (string module in Split(parse.GetValue(modules)))
            {
                builder.Modules.Add(module);
            }

            foreach (string name in Split(parse.GetValue(hooks)))
            {
                InitcpioHook? hook = PxeHooks.Find(name);
                if (hook is null)
                {
                    Console.Error.WriteLine($"pxe initramfs build: unknown hook '{name}' (known: {string.Join(", ", PxeHooks.Names)})");
                    return 2;
                }

                builder.Hooks.Add(hook);
            }

            try
            {
                foreach (string spec in parse.GetValue(files) ?? [])
                {
                    builder.Files.Add(InitramfsFile.Parse(spec));
                }

                string target = parse.GetValue(output)!.FullName;
                InitramfsBuildResult result = builder.Build(target);
                Console.WriteLine($"{target}: kernel {result.KernelVersion}, {result.Modules.Count} modules ({string.Join(' ', result.Modules)}), hooks [{string.Join(' ', result.Hooks)}], {result.EntryCount} entries");
                return 0;
            }
            catch (Exception e) when (e is InitcpioException or FormatException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"pxe initramfs build: {e.Message}");
                return 1;
            }
        });
        initramfs.Subcommands.Add(build);
        return initramfs;
    }

    private static IEnumerable<string> Split(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
