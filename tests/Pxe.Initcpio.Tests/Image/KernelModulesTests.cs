using Pxe.Testing;

namespace Pxe.Initcpio.Tests.Image;

/// <summary>Module resolution against the real Debian kernel package (no modules.dep, no kmod).</summary>
public sealed class KernelModulesTests
{
    [Fact]
    public void VirtioNetResolvesInTheOrderTheKernelNeeds()
    {
        KernelModules modules = KernelModules.Open(KernelPackage.Root);
        IReadOnlyList<string> order = modules.ResolveLoadOrder(["virtio_pci", "virtio_net"]);

        // E2E-NOTES: virtio_ring virtio_pci_modern_dev virtio_pci_legacy_dev virtio virtio_pci failover net_failover virtio_net.
        Assert.Equal(["virtio_ring", "virtio_pci_modern_dev", "virtio_pci_legacy_dev", "virtio", "virtio_pci", "failover", "net_failover", "virtio_net"], order);
    }

    [Fact]
    public void NfsV3PullsInTheRpcStackBeforeIt()
    {
        KernelModules modules = KernelModules.Open(KernelPackage.Root);
        IReadOnlyList<string> order = modules.ResolveLoadOrder(["nfsv3"]);
        foreach (string name in new[] { "sunrpc", "grace", "lockd", "nfs" })
        {
            Assert.Contains(name, order);
        }

        Assert.Equal("nfsv3", order[^1]);
        Assert.True(order.ToList().IndexOf("sunrpc") < order.ToList().IndexOf("lockd"));
        Assert.True(order.ToList().IndexOf("lockd") < order.ToList().IndexOf("nfs"));
        foreach (string name in order)
        {
            foreach (string dep in modules.GetDependencies(name))
            {
                Assert.True(order.ToList().IndexOf(dep) < order.ToList().IndexOf(name), $"{dep} must load before {name}");
            }
        }
    }

    [Fact]
    public void BuiltinModulesAreSkippedAndUnknownOnesNamed()
    {
        KernelModules modules = KernelModules.Open(KernelPackage.Root);
        Assert.True(modules.IsBuiltin("af_packet"));
        Assert.Empty(modules.ResolveLoadOrder(["af_packet"]));
        var ex = Assert.Throws<InitcpioException>(() => modules.ResolveLoadOrder(["no_such_module"]));
        Assert.Contains("no_such_module", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompressedModulesAreDecompressedAndTheirDependsRead()
    {
        using var tmp = new TempDir();
        KernelModules real = KernelModules.Open(KernelPackage.Root);
        string dir = Path.Combine(tmp.Path, "lib/modules", real.Version, "kernel");
        Directory.CreateDirectory(dir);
        string source = Path.Combine(real.Directory, real.FindFile("virtio_net")!);
        string lockd = Path.Combine(real.Directory, real.FindFile("lockd")!);
        string failover = Path.Combine(real.Directory, real.FindFile("net_failover")!);
        await TestTree.Sh($"cp '{source}' '{dir}/virtio_net.ko' && xz -k -T1 '{dir}/virtio_net.ko' && rm '{dir}/virtio_net.ko'");
        await TestTree.Sh($"zstd -q '{lockd}' -o '{dir}/lockd.ko.zst'");
        await TestTree.Sh($"gzip -c '{failover}' > '{dir}/net-failover.ko.gz'");

        KernelModules compressed = KernelModules.Open(tmp.Path);
        Assert.Equal(File.ReadAllBytes(source), compressed.ReadModule("virtio_net"));
        Assert.Equal(File.ReadAllBytes(lockd), compressed.ReadModule("lockd"));
        Assert.Equal(File.ReadAllBytes(failover), compressed.ReadModule("net_failover"));
        Assert.Equal(real.GetDependencies("virtio_net"), compressed.GetDependencies("virtio_net"));
        Assert.Equal(real.GetDependencies("lockd"), compressed.GetDependencies("lockd"));
        Assert.Equal("kernel/virtio_net.ko", compressed.ImagePath("virtio_net"));
        Assert.Equal("kernel/net-failover.ko", compressed.ImagePath("net_failover"));
    }

    [Fact]
    public void MalformedElfIsAClearErrorForEveryTruncation()
    {
        KernelModules real = KernelModules.Open(KernelPackage.Root);
        byte[] module = real.ReadModule("failover");
        Assert.Empty(KernelModules.ReadDepends(module));
        int[] lengths = [0, 3, 16, 63, 64, 100, 1000, module.Length / 2, module.Length - 1];
        foreach (int length in lengths)
        {
            try
            {
                KernelModules.ReadDepends(module.AsSpan(0, length), "failover.ko");
            }
            catch (InitcpioException)
            {
                // The expected outcome for a cut-off object.
            }
        }

        PropertyCheck.ForAll(FsCheck.Fluent.ArbMap.Default.ArbFor<byte[]>(), bytes =>
        {
            byte[] elf = [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, .. bytes];
            try
            {
                KernelModules.ReadDepends(elf, "random.ko");
            }
            catch (InitcpioException)
            {
            }
        });
    }
}
