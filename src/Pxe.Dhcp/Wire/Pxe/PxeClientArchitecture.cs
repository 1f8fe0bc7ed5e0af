using System.Buffers.Binary;

namespace Pxe.Dhcp;

/// <summary>
/// Option 93, client system architecture (RFC 4578 §2.1 and the IANA "Processor Architecture Types" registry).
/// Unknown values pass through; a policy falls back for them rather than dropping the client.
/// </summary>
public enum PxeClientArchitecture : ushort
{
    /// <summary>0: Intel x86 PC, BIOS PXE.</summary>
    IntelX86Pc = 0,

    /// <summary>1: NEC/PC98.</summary>
    NecPc98 = 1,

    /// <summary>2: EFI Itanium.</summary>
    EfiItanium = 2,

    /// <summary>6: EFI IA32.</summary>
    EfiIa32 = 6,

    /// <summary>7: EFI BC; every x86-64 UEFI firmware sends this in practice.</summary>
    EfiBc = 7,

    /// <summary>8: EFI Xscale.</summary>
    EfiXscale = 8,

    /// <summary>9: EFI x86-64.</summary>
    EfiX64 = 9,

    /// <summary>10: ARM 32-bit UEFI.</summary>
    EfiArm32 = 10,

    /// <summary>11: ARM 64-bit UEFI.</summary>
    EfiArm64 = 11,

    /// <summary>15: x86 UEFI HTTP boot.</summary>
    EfiX86Http = 15,

    /// <summary>16: x64 UEFI HTTP boot.</summary>
    EfiX64Http = 16,

    /// <summary>18: ARM 32-bit UEFI HTTP boot.</summary>
    EfiArm32Http = 18,

    /// <summary>19: ARM 64-bit UEFI HTTP boot.</summary>
    EfiArm64Http = 19,
}

/// <summary>Reads the list of 16-bit architecture types in option 93 (RFC 4578 §2.1).</summary>
public static class PxeClientArchitectures
{
    /// <summary>The number of types in an option-93 value (its length divided by 2; an odd final byte is ignored).</summary>
    public static int Count(ReadOnlySpan<byte> value) => value.Length / 2;

    /// <summary>Reads the type at <paramref name="index"/>; <see langword="false"/> when out of range.</summary>
    public static bool TryGet(ReadOnlySpan<byte> value, int index, out PxeClientArchitecture architecture)
    {
        if ((uint)index >= (uint)Count(value))
        {
            architecture = default;
            return false;
        }

        architecture = (PxeClientArchitecture)BinaryPrimitives.ReadUInt16BigEndian(value[(index * 2)..]);
        return true;
    }

    /// <summary>Whether the type is one of the UEFI HTTP-boot types (15, 16, 18, 19) that expect a URL boot file.</summary>
    public static bool IsHttpBoot(PxeClientArchitecture architecture) =>
        architecture is PxeClientArchitecture.EfiX86Http or PxeClientArchitecture.EfiX64Http or PxeClientArchitecture.EfiArm32Http or PxeClientArchitecture.EfiArm64Http;

    /// <summary>Whether the type is UEFI (anything but 0 and 1, which are BIOS/PC98).</summary>
    public static bool IsEfi(PxeClientArchitecture architecture) =>
        architecture is not (PxeClientArchitecture.IntelX86Pc or PxeClientArchitecture.NecPc98);
}
