using System.Security.Cryptography;
using Pxe.Testing;

namespace Pxe.Initcpio.Tests.Image;

/// <summary>Images from the builder: content, reproducibility and the generated init's shell hygiene.</summary>
public sealed class InitramfsBuilderTests
{
    private static InitramfsBuilder Builder()
    {
        var builder = new InitramfsBuilder { KernelRoot = KernelPackage.Root };
        builder.Modules.Add("virtio_pci");
        builder.Modules.Add("virtio_net");
        builder.Hooks.Add(PxeHooks.NfsRam());
        builder.Hooks.Add(PxeHooks.HttpRam());
        return builder;
    }

    [Fact]
    public async Task ImageHoldsBusyboxModulesHooksAndInitAsGnuCpioSeesIt()
    {
        using var tmp = new TempDir();
        string image = Path.Combine(tmp.Path, "initrd.img");
        InitramfsBuilder builder = Builder();
        builder.Files.Add(new InitramfsFile("/etc/hostname", "/etc/build-host-name", (UnixFileMode)0x180));
        InitramfsBuildResult result = builder.Build(image);

        Assert.Equal(["pxe_nfs_ram", "pxe_http_ram"], result.Hooks);
        Assert.Contains("nfsv3", result.Modules);
        Assert.Contains("squashfs", result.Modules);
        Assert.Equal("virtio_net", result.Modules[result.Modules.ToList().IndexOf("virtio_net")]);

        string listing = await TestTree.Sh($"gzip -dc '{image}' | cpio -itv --quiet");
        Assert.Matches(@"(?m)^-rwxr-xr-x .* init$", listing);
        Assert.Matches(@"(?m)^-rwxr-xr-x .* hooks/pxe_nfs_ram$", listing);
        Assert.Matches(@"(?m)^-rwxr-xr-x .* bin/busybox$", listing);
        Assert.Matches(@"(?m)^lrwxrwxrwx .* bin/sh -> /bin/busybox$", listing);
        Assert.Matches(@"(?m)^lrwxrwxrwx .* sbin/switch_root -> /bin/busybox$", listing);
        Assert.Matches(@"(?m)^crw------- .* 5,\s+1 .* dev/console$", listing);
        Assert.Matches(@"(?m)^-rw------- .* etc/build-host-name$", listing);
        Assert.Matches($@"(?m) lib/modules/{KernelModules.Open(KernelPackage.Root).Version}/kernel/fs/nfs/nfsv3.ko$", listing);

        string output = tmp.Sub("x");
        await TestTree.Sh($"cd '{output}' && gzip -dc '{image}' | cpio -idm --quiet");
        Assert.Equal(await File.ReadAllBytesAsync("/bin/busybox"), await File.ReadAllBytesAsync(Path.Combine(output, "bin/busybox")));
        string config = await File.ReadAllTextAsync(Path.Combine(output, "config"));
        Assert.Contains("HOOKS='pxe_nfs_ram pxe_http_ram'", config, StringComparison.Ordinal);
        Assert.Contains("kernel/drivers/virtio/virtio_ring.ko kernel/drivers/virtio/virtio_pci_modern_dev.ko", config, StringComparison.Ordinal);

        foreach (string script in new[] { "init", "init_functions", "config", "hooks/pxe_nfs_ram", "hooks/pxe_http_ram" })
        {
            string path = Path.Combine(output, script);
            await TestTree.Sh($"busybox ash -n '{path}'");
            await TestTree.Sh($"shellcheck '{path}'");
        }
    }

    [Fact]
    public void SameInputsGiveTheSameBytes()
    {
        using var a = new MemoryStream();
        using var b = new MemoryStream();
        Builder().Build(a);
        Builder().Build(b);
        Assert.Equal(SHA256.HashData(a.ToArray()), SHA256.HashData(b.ToArray()));
    }

    [Fact]
    public void CleanupAndEmergencyHooksAreListedInReverse()
    {
        var first = new InitcpioHook("first");
        var second = new InitcpioHook("second");
        foreach (InitcpioHook h in new[] { first, second })
        {
            h.RuntimeHooks[RuntimeHookPoint.Early] = "echo e";
            h.RuntimeHooks[RuntimeHookPoint.Cleanup] = "echo c";
            h.RuntimeHooks[RuntimeHookPoint.Emergency] = "echo x";
        }

        string config = InitScriptWriter.Config("6.1", [], [first, second]);
        Assert.Contains("EARLYHOOKS='first second'", config, StringComparison.Ordinal);
        Assert.Contains("HOOKS=''", config, StringComparison.Ordinal);
        Assert.Contains("CLEANUPHOOKS='second first'", config, StringComparison.Ordinal);
        Assert.Contains("EMERGENCYHOOKS='second first'", config, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingInputsAreNamed()
    {
        var noBusybox = new InitramfsBuilder { BusyboxPath = "/nonexistent/busybox" };
        Assert.Contains("busybox", Assert.Throws<InitcpioException>(() => noBusybox.Build(Stream.Null)).Message, StringComparison.Ordinal);

        var noKernel = new InitramfsBuilder();
        noKernel.Modules.Add("nfsv3");
        Assert.Contains("kernel root", Assert.Throws<InitcpioException>(() => noKernel.Build(Stream.Null)).Message, StringComparison.Ordinal);

        var badFile = new InitramfsBuilder();
        badFile.Files.Add(new InitramfsFile("/nonexistent/file", "/etc/x"));
        Assert.Contains("/nonexistent/file", Assert.Throws<InitcpioException>(() => badFile.Build(Stream.Null)).Message, StringComparison.Ordinal);

        var escape = new InitramfsBuilder();
        escape.Files.Add(new InitramfsFile("/etc/hostname", "/../../etc/x"));
        Assert.Throws<InitcpioException>(() => escape.Build(Stream.Null));
    }

    [Fact]
    public void RunHookFunctionsFollowMkinitcpioOrder()
    {
        // The init runs early, main, mount, late, cleanup (reverse) – checked on the script text, the VM tests run it.
        string init = InitScriptWriter.Init;
        int early = init.IndexOf("run_hookfunctions run_earlyhook", StringComparison.Ordinal);
        int main = init.IndexOf("run_hookfunctions run_hook ", StringComparison.Ordinal);
        int mount = init.IndexOf("rootdev_mount ||", StringComparison.Ordinal);
        int late = init.IndexOf("run_hookfunctions run_latehook", StringComparison.Ordinal);
        int cleanup = init.IndexOf("run_hookfunctions run_cleanuphook", StringComparison.Ordinal);
        int switchRoot = init.IndexOf("switch_root /new_root", StringComparison.Ordinal);
        Assert.True(early > 0 && early < main && main < mount && mount < late && late < cleanup && cleanup < switchRoot);
    }
}
