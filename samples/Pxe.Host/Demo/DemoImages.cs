using Pxe.Initcpio;

namespace Pxe.Host.Demo;

/// <summary>The demo's built-in profile: the Debian kernel, an initramfs with <c>pxe_nfs_ram</c>, and a tiny root.</summary>
internal static class DemoImages
{
    /// <summary>What the demo system's init prints once it runs from RAM.</summary>
    public const string Marker = "PXE-DEMO-BOOTED";

    /// <summary>Builds the initramfs and the root in <paramref name="dir"/>; returns (kernel, initrd, root).</summary>
    public static async Task<(string Kernel, string Initrd, string Root)> BuildAsync(string kernelRoot, string dir, CancellationToken ct)
    {
        string kernel = Directory.GetFiles(Path.Combine(kernelRoot, "boot"), "vmlinuz-*").Single();
        string initrd = Path.Combine(dir, "initrd-pxe-demo.img");
        var builder = new InitramfsBuilder { KernelRoot = kernelRoot };
        foreach (string m in new[] { "virtio_pci", "virtio_net", "e1000" })
        {
            builder.Modules.Add(m);
        }

        builder.Hooks.Add(PxeHooks.NfsRam());
        builder.Build(initrd);

        string root = Path.Combine(dir, "rootfs");
        foreach (string d in new[] { "bin", "sbin", "etc", "proc", "sys", "dev", "run", "tmp" })
        {
            Directory.CreateDirectory(Path.Combine(root, d));
        }

        string busybox = Path.Combine(root, "bin", "busybox");
        File.Copy("/bin/busybox", busybox);
        File.SetUnixFileMode(busybox, (UnixFileMode)0b111_101_101);
        File.CreateSymbolicLink(Path.Combine(root, "bin", "sh"), "busybox");
        string init = Path.Combine(root, "sbin", "init");
        await File.WriteAllTextAsync(init, $$"""
            #!/bin/busybox sh
            /bin/busybox mount -t proc proc /proc 2>/dev/null
            fstype=$(/bin/busybox awk '$2 == "/" { t = $3 } END { print t }' /proc/mounts)
            echo "{{Marker}}: init runs from RAM (root is $fstype), network boot complete" > /dev/console
            /bin/busybox sync
            /bin/busybox poweroff -f
            """.Replace("\r", string.Empty, StringComparison.Ordinal), ct).ConfigureAwait(false);
        File.SetUnixFileMode(init, (UnixFileMode)0b111_101_101);
        await File.WriteAllTextAsync(Path.Combine(root, "etc", "hostname"), "pxe-demo\n", ct).ConfigureAwait(false);
        return (kernel, initrd, root);
    }
}
