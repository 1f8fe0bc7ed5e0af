using System.Text.Json;
using Xunit.Abstractions;

namespace Pxe.EndToEnd.Tests;

/// <summary>
/// Real firmware boots a VM from <c>pxe serve</c> alone: DHCP → TFTP → iPXE script → Debian kernel + initramfs
/// (pxe_nfs_ram) → NFS root copied to RAM → switch_root → the marker on the serial console.
/// </summary>
[Collection(BootCollection.Name)]
public sealed class BootTests
{
    private readonly BootArtifacts _art;
    private readonly ITestOutputHelper _output;

    public BootTests(BootArtifacts art, ITestOutputHelper output)
    {
        _art = art;
        _output = output;
    }

    private async Task<BootOutcome> BootsAsync(BootSpec spec, params string[] phases)
    {
        BootOutcome o = await BootLab.BootAsync(_art, spec, _output);
        Assert.True(o.SawMarker, $"{spec.Name}: no marker on the serial console");
        Assert.Contains(BootArtifacts.Marker + " root=tmpfs", o.Serial);
        Assert.True(o.Client.HasValue, "the server's JSON does not list the VM");
        JsonElement seen = o.Client.Value.GetProperty("phaseSeconds");
        foreach (string p in phases)
        {
            Assert.True(seen.TryGetProperty(p, out _), $"phase {p} not recorded: {o.Client}");
        }

        return o;
    }

    [Fact]
    public async Task SeaBios_ipxe_rom_virtio_http_script_and_the_status_page_in_chromium_lists_it()
    {
        BootOutcome o = await BootsAsync(new BootSpec("bios-virtio-http", Uefi: false, Nic: "virtio-net-pci", Browser: true), "Dhcp", "Script", "Kernel", "Initrd", "Root");
        Assert.NotNull(o.StatusDom);
        Assert.Contains("<table id=\"clients\">", o.StatusDom);
        // Loaded while the initramfs ran: the VM's row shows how far it had got (initrd fetched or root mounting).
        Assert.Matches($"<tr class=\"client\" data-mac=\"{BootLab.Mac}\" data-phase=\"(Initrd|Root)\">", o.StatusDom);
    }

    [Fact]
    public Task SeaBios_ipxe_rom_virtio_tftp_script() =>
        BootsAsync(new BootSpec("bios-virtio-tftp", Uefi: false, Nic: "virtio-net-pci", ScriptOverTftp: true), "Dhcp", "Script", "Kernel", "Initrd", "Root");

    [Fact]
    public Task SeaBios_ipxe_rom_e1000() =>
        BootsAsync(new BootSpec("bios-e1000-http", Uefi: false, Nic: "e1000"), "Dhcp", "Script", "Kernel", "Initrd", "Root");

    [Fact]
    public Task Ovmf_ipxe_efi_rom_virtio() =>
        BootsAsync(new BootSpec("efi-virtio-http", Uefi: true, Nic: "virtio-net-pci"), "Dhcp", "Script", "Kernel", "Initrd", "Root");

    [Fact]
    public Task Ovmf_own_pxe_chainloads_ipxe_efi() =>
        BootsAsync(new BootSpec("efi-ownpxe-virtio", Uefi: true, Nic: "virtio-net-pci", FirmwarePxe: true), "Dhcp", "Tftp", "Script", "Kernel", "Initrd", "Root");

    [Fact]
    public async Task Proxy_mode_next_to_dnsmasq()
    {
        BootOutcome o = await BootsAsync(new BootSpec("bios-virtio-proxy", Uefi: false, Nic: "virtio-net-pci", Proxy: true), "Dhcp", "Script", "Kernel", "Initrd", "Root");
        AssertAddressFromDnsmasqOnly(o);
    }

    [Fact]
    public async Task Ovmf_ipxe_efi_rom_proxy_mode_next_to_dnsmasq()
    {
        BootOutcome o = await BootsAsync(new BootSpec("efi-virtio-proxy", Uefi: true, Nic: "virtio-net-pci", Proxy: true), "Dhcp", "Script", "Kernel", "Initrd", "Root");
        AssertAddressFromDnsmasqOnly(o);
    }

    /// <summary>
    /// In proxy mode the address comes from the site's DHCP server alone, checked on the VM's tap: <c>pxe serve
    /// --proxy</c> answered the VM (its proxy offer) but never with a yiaddr; dnsmasq's ACK carried the address the
    /// server's JSON shows (the one the VM fetched its files from), inside dnsmasq's range; and the initramfs's own
    /// DHCP got it from dnsmasq too (udhcpc's line on the serial console).
    /// </summary>
    private static void AssertAddressFromDnsmasqOnly(BootOutcome o)
    {
        string list = string.Join(", ", o.DhcpReplies);
        DhcpReply[] ours = [.. o.DhcpReplies.Where(r => r.Server == BootLab.ServerIp)];
        Assert.True(ours.Length > 0, "pxe serve --proxy sent the VM no DHCP reply: " + list);
        Assert.All(ours, r => Assert.True(r.YourAddress is null, $"pxe serve --proxy handed out an address: {r}"));

        string? address = o.Client!.Value.GetProperty("address").GetString();
        Assert.NotNull(address);
        uint a = ToUInt32(address);
        Assert.True(a >= ToUInt32(BootLab.DnsmasqRangeStart) && a <= ToUInt32(BootLab.DnsmasqRangeEnd), $"the VM's address {address} is outside dnsmasq's range");
        Assert.Contains(o.DhcpReplies, r => r.Server == BootLab.SiteDhcpIp && r.MessageType == 5 && r.YourAddress == address);
        Assert.Contains($"udhcpc: lease of {address} obtained from {BootLab.SiteDhcpIp}", o.Serial);
    }

    private static uint ToUInt32(string address) =>
        System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(System.Net.IPAddress.Parse(address).GetAddressBytes());

    /// <summary>
    /// The same VM booted the same way (iPXE ROM, script, kernel and initrd over TFTP, NFS root copied to RAM) from
    /// <c>pxe serve</c> and from the reference dnsmasq + nfs-ganesha, one after the other in the same run. Both must
    /// boot; the times go to the test output and <c>$PXE_E2E_TIMINGS</c> for benchmarks/README.md (no timed assertion).
    /// </summary>
    [Fact]
    public async Task Reference_dnsmasq_and_nfs_ganesha_boot_the_same_vm_side_by_side()
    {
        BootOutcome ours = await BootLab.BootAsync(_art, new BootSpec("pxe-serve-all-tftp", Uefi: false, Nic: "virtio-net-pci", AllTftp: true), _output);
        BootOutcome reference = await BootLab.BootAsync(_art, new BootSpec("reference-dnsmasq-ganesha", Uefi: false, Nic: "virtio-net-pci", Reference: true), _output);
        Assert.True(ours.SawMarker, "pxe serve: no marker");
        Assert.True(reference.SawMarker, "dnsmasq + nfs-ganesha: no marker");
        Assert.Contains(BootArtifacts.Marker + " root=tmpfs", ours.Serial);
        Assert.Contains(BootArtifacts.Marker + " root=tmpfs", reference.Serial);
        _output.WriteLine($"time to marker: pxe serve {ours.ToMarker.TotalSeconds:0.00} s, dnsmasq + nfs-ganesha {reference.ToMarker.TotalSeconds:0.00} s, ratio {ours.ToMarker.TotalSeconds / reference.ToMarker.TotalSeconds:0.00}");
    }
}
