using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pxe.Host.Serve;

namespace Pxe.Host.Tests;

/// <summary>Profiles are chosen per MAC, then UUID, then architecture, then the default.</summary>
public sealed class ProfileSelectionTests
{
    private static IpxeScriptGenerator Generator(out ServeOptions options)
    {
        options = new ServeOptions { ServerIp = "10.0.0.1", HttpPort = 8080, DefaultProfile = "fallback" };
        var byMac = new BootProfile { Name = "mac", Kernel = "k-mac" };
        byMac.Macs.Add("52-54-00-AA-BB-CC");
        var byUuid = new BootProfile { Name = "uuid", Kernel = "k-uuid" };
        byUuid.Uuids.Add("4c4c4544-0042-3510-8052-b4c04f4e3232");
        var byArch = new BootProfile { Name = "efi", Kernel = "k-efi", NfsRoot = "/srv/efi" };
        byArch.Architectures.Add("efi64");
        byArch.Initrds.Add("i-efi");
        var fallback = new BootProfile { Name = "fallback", Kernel = "http://elsewhere/k", HttpRoot = "root.tar.gz", RunFromRam = false };
        foreach (BootProfile p in new[] { byMac, byUuid, byArch, fallback })
        {
            options.Profiles.Add(p);
        }

        return new IpxeScriptGenerator(Options.Create(options), new BootProgressTracker(TimeProvider.System, NullLogger<BootProgressTracker>.Instance));
    }

    [Theory]
    [InlineData("52:54:00:aa:bb:cc", "4c4c4544-0042-3510-8052-b4c04f4e3232", "efi64", "mac")]
    [InlineData("52:54:00:00:00:01", "4C4C4544-0042-3510-8052-B4C04F4E3232", "efi64", "uuid")]
    [InlineData("52:54:00:00:00:01", null, "efi64", "efi")]
    [InlineData("52:54:00:00:00:01", null, "bios", "fallback")]
    [InlineData(null, null, null, "fallback")]
    public void Most_specific_match_wins(string? mac, string? uuid, string? arch, string expected) =>
        Assert.Equal(expected, Generator(out _).Select(mac, uuid, arch)!.Name);

    [Fact]
    public void Scripts_carry_the_profile_root_and_files()
    {
        IpxeScriptGenerator g = Generator(out ServeOptions o);
        string efi = g.Generate(o.Profiles[2], "http://10.0.0.1:8080");
        Assert.Contains("kernel http://10.0.0.1:8080/profiles/efi/kernel/k-efi initrd=i-efi ip=dhcp pxe_nfs_srv=10.0.0.1:/srv/efi BOOTIF=01-${net0/mac:hexhyp}", efi);
        Assert.Contains("initrd http://10.0.0.1:8080/profiles/efi/initrd/0/i-efi", efi);
        string fallback = g.Generate(o.Profiles[3], "http://10.0.0.1:8080");
        Assert.Contains("kernel http://elsewhere/k ip=dhcp pxe_http_srv=http://10.0.0.1:8080/root.tar.gz copytoram=n", fallback);
        string none = g.Generate(null, "http://10.0.0.1:8080");
        Assert.Contains("no boot profile matches", none);
        Assert.DoesNotContain(Pxe.Ipxe.IpxeParser.Parse(efi).Diagnostics, d => d.Severity == Pxe.Ipxe.IpxeSeverity.Error);
    }
}
