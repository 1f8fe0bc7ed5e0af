using Pxe.Dhcp;

namespace Pxe.Host.Serve;

/// <summary>
/// The DHCP boot policy of <c>pxe serve</c>: the configured chainloading (BIOS → <c>undionly.kpxe</c>, UEFI →
/// <c>ipxe.efi</c>, iPXE → the script) from <see cref="ConfiguredBootPolicy"/>, recording each client in the
/// <see cref="BootProgressTracker"/> as it asks.
/// </summary>
internal sealed class TrackingBootPolicy : IBootPolicy
{
    private readonly IBootPolicy _inner;
    private readonly BootProgressTracker _tracker;

    public TrackingBootPolicy(IBootPolicy inner, BootProgressTracker tracker)
    {
        _inner = inner;
        _tracker = tracker;
    }

    public DhcpBootDecision? Select(in DhcpBootRequest request)
    {
        DhcpBootDecision? decision = _inner.Select(in request);
        string? arch = request.HasArchitecture ? ArchitectureName(request.Architecture) : null;
        string? uuid = request.HasMachineId && !request.MachineId.IsZero ? FormatUuid(request.MachineId.AsSpan()) : null;
        string file = decision?.BootFileName is { } name ? System.Text.Encoding.UTF8.GetString(name) : "(no boot file)";
        _tracker.OnDhcp(request.ClientHardwareAddress.ToString(), arch, uuid, request.IsIpxe, $"{request.MessageType} → {file}");
        return decision;
    }

    /// <summary>The profile-matching name of a PXE architecture (option 93).</summary>
    public static string ArchitectureName(PxeClientArchitecture arch) => arch switch
    {
        PxeClientArchitecture.IntelX86Pc => "bios",
        PxeClientArchitecture.EfiIa32 => "efi32",
        PxeClientArchitecture.EfiBc or PxeClientArchitecture.EfiX64 => "efi64",
        PxeClientArchitecture.EfiArm64 => "arm64",
        PxeClientArchitecture.EfiArm32 => "arm32",
        _ => "arch" + ((int)arch).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>SMBIOS UUID text (RFC 4122 layout, first three fields little-endian as SMBIOS 2.6 stores them).</summary>
    public static string FormatUuid(ReadOnlySpan<byte> id) => new Guid(id).ToString();
}
