using System.Globalization;
using Pxe.Host.Serve;

namespace Pxe.Host.Commands;

/// <summary>
/// What one <c>pxe quick</c> preset resolved to: the directory served over TFTP and HTTP, the NFS exports, and the
/// <c>--set</c>-style configuration keys of its one boot profile — or the reason it cannot boot from that directory.
/// </summary>
internal sealed record QuickPlan(string Root, IReadOnlyList<string> NfsExports, IReadOnlyList<string> Settings, string? Error)
{
    public static QuickPlan Fail(string error) => new(string.Empty, [], [], error);
}

/// <summary>
/// The presets of <c>pxe quick</c>, in the spirit of pixiecore's quick mode: point at a directory people already
/// have, get a boot profile that fits it.
/// </summary>
internal static class QuickPresets
{
    /// <summary>Alpine's default package repository, used when <c>--repo</c> is not given.</summary>
    public const string DefaultAlpineRepository = "https://dl-cdn.alpinelinux.org/alpine/latest-stable/main";

    private const string P = ServeOptions.SectionName + ":Profiles:0:";

    /// <summary>
    /// An Arch Linux ISO, mounted or extracted: <c>arch/boot/x86_64/vmlinuz-linux</c> and <c>initramfs-linux.img</c>,
    /// CPU microcode images when present, and <c>arch/x86_64/airootfs.sfs</c>, fetched over HTTP by archiso's
    /// <c>archiso_pxe_http</c> hook (<c>archiso_http_srv=</c>).
    /// </summary>
    public static QuickPlan Archiso(string directory)
    {
        string root = Path.GetFullPath(directory);
        const string BaseDirectory = "arch";
        string kernel = Path.Combine(BaseDirectory, "boot", "x86_64", "vmlinuz-linux");
        string initramfs = Path.Combine(BaseDirectory, "boot", "x86_64", "initramfs-linux.img");
        string squashfs = Path.Combine(BaseDirectory, "x86_64", "airootfs.sfs");
        foreach (string required in (string[])[kernel, initramfs, squashfs])
        {
            if (!File.Exists(Path.Combine(root, required)))
            {
                return QuickPlan.Fail($"archiso: {Path.Combine(root, required)} not found; give the top directory of a mounted or extracted Arch ISO (the one holding arch/)");
            }
        }

        var settings = Profile("archiso", kernel, $"archisobasedir={BaseDirectory} archiso_http_srv={BootProfile.HttpBasePlaceholder}/ ip=dhcp");
        int initrd = 0;
        foreach (string microcode in (string[])["intel-ucode.img", "amd-ucode.img"])
        {
            // Microcode comes first: the kernel applies it from the first initrd it sees.
            string path = Path.Combine(BaseDirectory, "boot", microcode);
            if (File.Exists(Path.Combine(root, path)))
            {
                settings.Add(Initrd(initrd++, path));
            }
        }

        settings.Add(Initrd(initrd, initramfs));
        return new QuickPlan(root, [], settings, null);
    }

    /// <summary>
    /// Alpine's netboot files (<c>alpine-netboot-*.tar.gz</c>, unpacked): <c>vmlinuz-FLAVOR</c>,
    /// <c>initramfs-FLAVOR</c> and <c>modloop-FLAVOR</c> in the directory or its <c>boot/</c>, the modloop fetched
    /// over HTTP by Alpine's init, packages from <paramref name="repository"/>, and an optional overlay
    /// (<c>apkovl</c>) that is a file in the directory or a URL.
    /// </summary>
    public static QuickPlan Alpine(string directory, string? repository, string? apkovl)
    {
        string root = Path.GetFullPath(directory);
        string? bootDirectory = null;
        string? flavour = null;
        foreach (string candidate in (string[])[root, Path.Combine(root, "boot")])
        {
            if (!Directory.Exists(candidate))
            {
                continue;
            }

            // "lts" first (what the netboot tarball ships for x86_64), then any other flavour in name order.
            foreach (string kernel in Directory.EnumerateFiles(candidate, "vmlinuz-*").Order(StringComparer.Ordinal).OrderBy(k => k.EndsWith("-lts", StringComparison.Ordinal) ? 0 : 1))
            {
                string f = Path.GetFileName(kernel)["vmlinuz-".Length..];
                if (File.Exists(Path.Combine(candidate, "initramfs-" + f)) && File.Exists(Path.Combine(candidate, "modloop-" + f)))
                {
                    (bootDirectory, flavour) = (candidate, f);
                    break;
                }
            }

            if (flavour is not null)
            {
                break;
            }
        }

        if (bootDirectory is null || flavour is null)
        {
            return QuickPlan.Fail($"alpine: no vmlinuz-FLAVOR with its initramfs-FLAVOR and modloop-FLAVOR in {root} or {Path.Combine(root, "boot")}; unpack alpine-netboot-*.tar.gz there");
        }

        string relative = Path.GetRelativePath(root, bootDirectory);
        string Under(string name) => relative == "." ? name : relative + "/" + name;
        string cmdline = $"ip=dhcp modules=loop,squashfs modloop={BootProfile.HttpBasePlaceholder}/{Under("modloop-" + flavour)} alpine_repo={repository ?? DefaultAlpineRepository}";
        if (apkovl is not null)
        {
            if (apkovl.StartsWith("http://", StringComparison.Ordinal) || apkovl.StartsWith("https://", StringComparison.Ordinal))
            {
                cmdline += " apkovl=" + apkovl;
            }
            else
            {
                string full = Path.GetFullPath(apkovl, root);
                if (!File.Exists(full) || Path.GetRelativePath(root, full).StartsWith("..", StringComparison.Ordinal))
                {
                    return QuickPlan.Fail($"alpine: --apkovl {apkovl}: give a URL or a file inside {root}");
                }

                cmdline += $" apkovl={BootProfile.HttpBasePlaceholder}/{Path.GetRelativePath(root, full).Replace('\\', '/')}";
            }
        }

        List<string> settings = Profile("alpine", Under("vmlinuz-" + flavour), cmdline);
        settings.Add(Initrd(0, Under("initramfs-" + flavour)));
        return new QuickPlan(root, [], settings, null);
    }

    /// <summary>
    /// A root file system tree exported read-only over NFS as <c>/rootfs</c> and copied into RAM by the
    /// <c>pxe_nfs_ram</c> hook of <paramref name="initrd"/> (built with <c>pxe initramfs build --hooks pxe_nfs_ram</c>).
    /// The kernel defaults to the tree's own <c>boot/vmlinuz-*</c> (the newest by name) or <c>vmlinuz</c> link.
    /// </summary>
    public static QuickPlan RootFs(string directory, string? kernel, string? initrd)
    {
        string root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            return QuickPlan.Fail($"rootfs: {root} is not a directory");
        }

        if (initrd is null)
        {
            return QuickPlan.Fail("rootfs: --initrd FILE is required: an initramfs with the pxe_nfs_ram hook, e.g. `pxe initramfs build --kernel-root / --hooks pxe_nfs_ram --modules nfs,virtio_net -o initrd.img`");
        }

        string initrdPath = Path.GetFullPath(initrd);
        if (!File.Exists(initrdPath))
        {
            return QuickPlan.Fail($"rootfs: --initrd {initrdPath} not found");
        }

        string? kernelPath = kernel is null ? FindKernel(root) : Path.GetFullPath(kernel);
        if (kernelPath is null || !File.Exists(kernelPath))
        {
            return QuickPlan.Fail(kernel is null
                ? $"rootfs: no kernel in {Path.Combine(root, "boot")} (vmlinuz-*) or {Path.Combine(root, "vmlinuz")}; pass --kernel FILE"
                : $"rootfs: --kernel {kernelPath} not found");
        }

        const string ExportPath = "/rootfs";
        List<string> settings = Profile("rootfs", kernelPath, string.Empty);
        settings.Add(Initrd(0, initrdPath));
        settings.Add(P + "NfsRoot=" + ExportPath);
        // The tree is also the TFTP/HTTP root: it is exported read-only to the same clients anyway.
        return new QuickPlan(root, [root + "=" + ExportPath], settings, null);
    }

    private static string? FindKernel(string root)
    {
        string boot = Path.Combine(root, "boot");
        if (Directory.Exists(boot)
            && Directory.EnumerateFiles(boot, "vmlinuz-*").Order(StringComparer.Ordinal).LastOrDefault() is { } newest)
        {
            return newest;
        }

        string link = Path.Combine(root, "vmlinuz");
        return File.Exists(link) ? link : null;
    }

    private static List<string> Profile(string name, string kernel, string cmdline) =>
    [
        ServeOptions.SectionName + ":DefaultProfile=" + name,
        P + "Name=" + name,
        P + "Kernel=" + kernel,
        P + "Cmdline=" + cmdline,
    ];

    private static string Initrd(int index, string path) => P + "Initrds:" + index.ToString(CultureInfo.InvariantCulture) + "=" + path;
}
