using Pxe.Host.Demo;

namespace Pxe.Host.Tests;

/// <summary><c>pxe demo</c> says exactly what is missing and how to get it.</summary>
public sealed class DemoEnvironmentTests
{
    [Fact]
    public void Without_root_and_qemu_it_names_both_and_the_apt_command()
    {
        IReadOnlyList<string> p = DemoEnvironment.Problems(
            which: name => name == "qemu-system-x86_64" ? null : "/usr/bin/" + name,
            privileged: false,
            exists: path => path != "/usr/share/qemu/efi-virtio.rom" && path != "/usr/lib/ipxe/qemu/efi-virtio.rom" && File.Exists(path));
        Assert.Contains(p, x => x.StartsWith("root:") && x.Contains("sudo pxe demo"));
        Assert.Contains(p, x => x.Contains("qemu-system-x86_64") && x.Contains("qemu-system-x86"));
        Assert.Contains(p, x => x.Contains("efi-virtio.rom") && x.Contains("ipxe-qemu"));
        Assert.Equal("install with: sudo apt-get install -y ipxe-qemu qemu-system-x86", p[^1]);
    }

    [Fact]
    public void On_this_machine_nothing_is_missing()
    {
        // The test machine has what scripts/install-deps.sh installs, and tests run as root.
        IReadOnlyList<string> p = DemoEnvironment.Problems(DemoEnvironment.Which, Environment.IsPrivilegedProcess, File.Exists);
        Assert.Empty(p);
    }
}
