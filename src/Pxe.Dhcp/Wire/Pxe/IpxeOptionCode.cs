namespace Pxe.Dhcp;

/// <summary>Sub-options of option 175, iPXE's encapsulated options (ipxe src/include/ipxe/dhcp.h, features.h).</summary>
public enum IpxeOptionCode : byte
{
    /// <summary>1: priority of this server's answer.</summary>
    Priority = 1,

    /// <summary>8: keep SAN drive registered.</summary>
    KeepSan = 8,

    /// <summary>9: skip SAN boot.</summary>
    SkipSanBoot = 9,

    /// <summary>16 (feature): PXE API extensions.</summary>
    FeaturePxeExtensions = 16,

    /// <summary>17 (feature): iSCSI.</summary>
    FeatureIscsi = 17,

    /// <summary>18 (feature): AoE.</summary>
    FeatureAoe = 18,

    /// <summary>19 (feature): HTTP.</summary>
    FeatureHttp = 19,

    /// <summary>20 (feature): HTTPS.</summary>
    FeatureHttps = 20,

    /// <summary>21 (feature): TFTP.</summary>
    FeatureTftp = 21,

    /// <summary>23 (feature): DNS.</summary>
    FeatureDns = 23,

    /// <summary>24 (feature): bzImage.</summary>
    FeatureBzImage = 24,

    /// <summary>36 (feature): EFI image.</summary>
    FeatureEfi = 36,

    /// <summary>41 (feature): NFS.</summary>
    FeatureNfs = 41,

    /// <summary>176: no-pxedhcp — do not wait for ProxyDHCP offers (send only in full mode).</summary>
    NoPxeDhcp = 176,

    /// <summary>177: bus id of the boot NIC.</summary>
    BusId = 177,

    /// <summary>178: use cached DHCP settings.</summary>
    UseCached = 178,

    /// <summary>235: iPXE version.</summary>
    Version = 235,
}

/// <summary>Sub-options of option 82, relay agent information (RFC 3046 §2.0).</summary>
public enum RelayAgentSubOptionCode : byte
{
    /// <summary>1: agent circuit id.</summary>
    CircuitId = 1,

    /// <summary>2: agent remote id.</summary>
    RemoteId = 2,
}

/// <summary>Constants of RFC 5071 (PXELINUX options 208–211).</summary>
public static class Pxelinux
{
    /// <summary>Option 208's value, F1:00:74:7E (RFC 5071 §4).</summary>
    public static ReadOnlySpan<byte> Magic => [0xF1, 0x00, 0x74, 0x7E];
}
