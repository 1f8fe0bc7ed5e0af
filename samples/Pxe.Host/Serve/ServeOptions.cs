namespace Pxe.Host.Serve;

/// <summary>
/// Settings of <c>pxe serve</c>, bound from the <c>Pxe:Serve</c> configuration section (a JSON file given with
/// <c>--config</c>, overridden by command-line options).
/// </summary>
internal sealed class ServeOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Pxe:Serve";

    /// <summary>The default HTTP port.</summary>
    public const int DefaultHttpPort = 80;

    /// <summary>Where Debian's <c>ipxe</c> package puts the second-stage boot programs.</summary>
    public const string DebianIpxeDirectory = "/usr/lib/ipxe";

    /// <summary>The default BIOS boot program (iPXE's UNDI driver chainloader).</summary>
    public const string DefaultBiosBootFile = "undionly.kpxe";

    /// <summary>The default x86-64 UEFI boot program.</summary>
    public const string DefaultEfiBootFile = "ipxe.efi";

    /// <summary>The name under which the generated iPXE script is served (TFTP and HTTP).</summary>
    public const string GeneratedScriptName = "boot.ipxe";

    /// <summary>The interface to serve DHCP on (required when DHCP runs).</summary>
    public string? Interface { get; set; }

    /// <summary>This server's IPv4 address on <see cref="Interface"/>.</summary>
    public string? ServerIp { get; set; }

    /// <summary>The directory served over TFTP and HTTP.</summary>
    public string? Root { get; set; }

    /// <summary>The HTTP port (0 picks a free one, for tests).</summary>
    public int HttpPort { get; set; } = DefaultHttpPort;

    /// <summary>The address Kestrel listens on (default: every IPv4 address).</summary>
    public string HttpListenAddress { get; set; } = "0.0.0.0";

    /// <summary>BIOS boot program name (default <see cref="DefaultBiosBootFile"/>).</summary>
    public string BootFileBios { get; set; } = DefaultBiosBootFile;

    /// <summary>x86-64 UEFI boot program name (default <see cref="DefaultEfiBootFile"/>).</summary>
    public string BootFileEfi { get; set; } = DefaultEfiBootFile;

    /// <summary>What iPXE clients get: a file name in the root, a URL, or null for the generated script.</summary>
    public string? IpxeScript { get; set; }

    /// <summary>Whether iPXE fetches the generated script over TFTP instead of HTTP (default: HTTP).</summary>
    public bool ScriptOverTftp { get; set; }

    /// <summary>Whether IPv6 router solicitations on <see cref="Interface"/> get a "no router" advertisement, sparing iPXE a ~16 s wait (default true).</summary>
    public bool AnswerRouterSolicitations { get; set; } = true;

    /// <summary>Whether DHCP runs (default true).</summary>
    public bool EnableDhcp { get; set; } = true;

    /// <summary>Whether TFTP runs (default true).</summary>
    public bool EnableTftp { get; set; } = true;

    /// <summary>Whether NFS runs (default: only when an export is configured).</summary>
    public bool? EnableNfs { get; set; }

    /// <summary>The directory with the fallback boot programs (default <see cref="DebianIpxeDirectory"/>).</summary>
    public string IpxeDirectory { get; set; } = DebianIpxeDirectory;

    /// <summary>The profile used when none matches (its name).</summary>
    public string? DefaultProfile { get; set; }

    /// <summary>Boot profiles, chosen per MAC, UUID or architecture.</summary>
    public IList<BootProfile> Profiles { get; } = new List<BootProfile>();
}

/// <summary>What a matching client boots: kernel, initrd, command line and root.</summary>
internal sealed class BootProfile
{
    /// <summary>A short name, used in URLs (<c>/profiles/NAME/kernel</c>).</summary>
    public string Name { get; set; } = "default";

    /// <summary>MAC addresses this profile is for (<c>52:54:00:12:34:56</c>).</summary>
    public IList<string> Macs { get; } = new List<string>();

    /// <summary>SMBIOS UUIDs (option 97) this profile is for.</summary>
    public IList<string> Uuids { get; } = new List<string>();

    /// <summary>Architectures this profile is for: <c>bios</c>, <c>efi64</c>, <c>efi32</c>, <c>arm64</c>.</summary>
    public IList<string> Architectures { get; } = new List<string>();

    /// <summary>The kernel: a path (absolute, or relative to the root) or a URL.</summary>
    public string? Kernel { get; set; }

    /// <summary>The initrd(s): paths or URLs.</summary>
    public IList<string> Initrds { get; } = new List<string>();

    /// <summary>Written in <see cref="Cmdline"/>, becomes this server's HTTP base URL as the client reached it (<c>http://IP:PORT</c>).</summary>
    public const string HttpBasePlaceholder = "{http}";

    /// <summary>Extra kernel command line; <see cref="HttpBasePlaceholder"/> stands for this server's HTTP base URL.</summary>
    public string? Cmdline { get; set; }

    /// <summary>The NFS root as <c>PATH</c> on this server (or <c>HOST:/PATH</c>); added as <c>pxe_nfs_srv=</c>.</summary>
    public string? NfsRoot { get; set; }

    /// <summary>An HTTP root image (tarball or squashfs) URL or root-relative path; added as <c>pxe_http_srv=</c>.</summary>
    public string? HttpRoot { get; set; }

    /// <summary>Whether the root is copied into RAM (the pxe_*_ram hooks always do; false adds <c>copytoram=n</c>).</summary>
    public bool RunFromRam { get; set; } = true;
}
