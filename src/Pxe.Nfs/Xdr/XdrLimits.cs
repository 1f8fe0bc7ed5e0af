namespace Pxe.Nfs;

/// <summary>Bounds applied by <see cref="XdrReader"/> when it reads a length prefix (RFC 4506 §4.10–§4.13).</summary>
public static class XdrLimits
{
    /// <summary>The XDR unit: every item is padded to a multiple of 4 bytes (RFC 4506 §3).</summary>
    public const int UnitSize = 4;

    /// <summary>The largest variable-length opaque this package accepts anywhere (the WRITE payload plus slack): 1 MiB + 64 KiB.</summary>
    public const int MaxOpaqueLength = (1024 * 1024) + (64 * 1024);

    /// <summary>The largest string (file name or path) accepted: 4096 bytes, Linux's PATH_MAX.</summary>
    public const int MaxStringLength = 4096;

    /// <summary>Rounds <paramref name="length"/> up to the next multiple of <see cref="UnitSize"/>.</summary>
    public static int Pad(int length) => (length + 3) & ~3;
}
