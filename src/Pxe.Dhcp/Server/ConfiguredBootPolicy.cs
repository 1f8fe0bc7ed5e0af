using System.Text;

namespace Pxe.Dhcp;

/// <summary>The boot files of a <see cref="ConfiguredBootPolicy"/>, as text.</summary>
public sealed class DhcpBootSettings
{
    /// <summary>For BIOS clients (option 93 type 0, or none): for example <c>undionly.kpxe</c> or <c>pxelinux.0</c>.</summary>
    public string? BiosBootFile { get; set; }

    /// <summary>For x86-64 UEFI clients (types 7 and 9): for example <c>ipxe.efi</c>.</summary>
    public string? EfiX64BootFile { get; set; }

    /// <summary>For IA32 UEFI clients (type 6).</summary>
    public string? EfiIa32BootFile { get; set; }

    /// <summary>For ARM64 UEFI clients (type 11).</summary>
    public string? EfiArm64BootFile { get; set; }

    /// <summary>For ARM32 UEFI clients (type 10).</summary>
    public string? EfiArm32BootFile { get; set; }

    /// <summary>The URL given to UEFI HTTP-boot clients (types 15, 16, 18, 19).</summary>
    public string? HttpBootUrl { get; set; }

    /// <summary>The script (name or URL) given to clients whose user class is iPXE, which breaks the chainload loop.</summary>
    public string? IpxeScript { get; set; }

    /// <summary>siaddr; null means the server's own address.</summary>
    public Ipv4Address? NextServer { get; set; }

    /// <summary>Option 66.</summary>
    public string? TftpServerName { get; set; }

    /// <summary>Option 209.</summary>
    public string? PxelinuxConfigFile { get; set; }

    /// <summary>Option 210.</summary>
    public string? PxelinuxPathPrefix { get; set; }

    /// <summary>Option 211, seconds.</summary>
    public uint? PxelinuxRebootTime { get; set; }
}

/// <summary>
/// The default <see cref="IBootPolicy"/>: per-host overrides by MAC or machine id (option 97) first, then iPXE
/// (user class) gets <see cref="DhcpBootSettings.IpxeScript"/>, then option 93 picks the file (BIOS 0; EFI 6,
/// 7/9, 10, 11; HTTP 15/16/18/19 get the URL). Unknown architectures fall back to the x64 EFI file for EFI-looking
/// types and to the BIOS file otherwise, never to nothing (danderson/netboot#132). Decisions are built once.
/// </summary>
public sealed class ConfiguredBootPolicy : IBootPolicy
{
    private readonly DhcpBootDecision? _bios;
    private readonly DhcpBootDecision? _efiX64;
    private readonly DhcpBootDecision? _efiIa32;
    private readonly DhcpBootDecision? _efiArm64;
    private readonly DhcpBootDecision? _efiArm32;
    private readonly DhcpBootDecision? _http;
    private readonly DhcpBootDecision? _ipxe;
    private readonly Dictionary<HardwareAddress, DhcpBootDecision> _byMac = [];
    private readonly Dictionary<ClientMachineId, DhcpBootDecision> _byMachine = [];

    /// <summary>Builds the decisions from <paramref name="settings"/>.</summary>
    public ConfiguredBootPolicy(DhcpBootSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        _bios = Make(settings, settings.BiosBootFile, http: false);
        _efiX64 = Make(settings, settings.EfiX64BootFile, http: false);
        _efiIa32 = Make(settings, settings.EfiIa32BootFile ?? settings.EfiX64BootFile, http: false);
        _efiArm64 = Make(settings, settings.EfiArm64BootFile, http: false);
        _efiArm32 = Make(settings, settings.EfiArm32BootFile, http: false);
        _http = Make(settings, settings.HttpBootUrl, http: true);
        _ipxe = Make(settings, settings.IpxeScript, http: false);
    }

    /// <summary>The settings the decisions were built from.</summary>
    public DhcpBootSettings Settings { get; }

    /// <summary>Creates a decision with the shared next-server and PXELINUX options of <paramref name="settings"/>.</summary>
    public static DhcpBootDecision? Make(DhcpBootSettings settings, string? bootFile, bool http)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (bootFile is null && settings.PxelinuxConfigFile is null && settings.PxelinuxPathPrefix is null)
        {
            return null;
        }

        return new DhcpBootDecision
        {
            BootFileName = bootFile is null ? null : Encoding.UTF8.GetBytes(bootFile),
            NextServer = settings.NextServer ?? Ipv4Address.Any,
            TftpServerName = settings.TftpServerName is null ? null : Encoding.UTF8.GetBytes(settings.TftpServerName),
            PxelinuxConfigFile = settings.PxelinuxConfigFile is null ? null : Encoding.UTF8.GetBytes(settings.PxelinuxConfigFile),
            PxelinuxPathPrefix = settings.PxelinuxPathPrefix is null ? null : Encoding.UTF8.GetBytes(settings.PxelinuxPathPrefix),
            PxelinuxRebootTime = settings.PxelinuxRebootTime,
            IsHttpBoot = http,
        };
    }

    /// <summary>Gives the host with <paramref name="mac"/> its own decision (a <c>host</c> block's <c>filename</c>).</summary>
    public void AddHost(HardwareAddress mac, DhcpBootDecision decision) => _byMac[mac] = decision;

    /// <summary>Gives the machine with <paramref name="id"/> (option 97) its own decision.</summary>
    public void AddMachine(ClientMachineId id, DhcpBootDecision decision) => _byMachine[id] = decision;

    /// <inheritdoc />
    public DhcpBootDecision? Select(in DhcpBootRequest request)
    {
        if (_byMac.Count > 0 && _byMac.TryGetValue(request.ClientHardwareAddress, out DhcpBootDecision? host))
        {
            return host;
        }

        if (request.HasMachineId && _byMachine.Count > 0 && _byMachine.TryGetValue(request.MachineId, out DhcpBootDecision? machine))
        {
            return machine;
        }

        // iPXE already runs: give it the script, not iPXE again (the chainload loop).
        if (request.IsIpxe && _ipxe is not null)
        {
            return _ipxe;
        }

        if (!request.HasArchitecture)
        {
            return request.IsHttpClient ? _http : _bios;
        }

        return request.Architecture switch
        {
            PxeClientArchitecture.IntelX86Pc or PxeClientArchitecture.NecPc98 => _bios,
            PxeClientArchitecture.EfiIa32 => _efiIa32,
            PxeClientArchitecture.EfiBc or PxeClientArchitecture.EfiX64 => _efiX64,
            PxeClientArchitecture.EfiArm32 => _efiArm32,
            PxeClientArchitecture.EfiArm64 => _efiArm64,
            PxeClientArchitecture.EfiX86Http or PxeClientArchitecture.EfiX64Http or PxeClientArchitecture.EfiArm32Http or PxeClientArchitecture.EfiArm64Http => _http,
            _ => request.IsHttpClient ? _http : _efiX64 ?? _bios,
        };
    }
}
