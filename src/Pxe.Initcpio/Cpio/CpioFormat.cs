namespace Pxe.Initcpio;

/// <summary>The two ASCII cpio variants the Linux kernel unpacks as an initramfs.</summary>
/// <remarks>Both use the same 110-byte header of 13 eight-digit hexadecimal fields; see the kernel's
/// <c>Documentation/driver-api/early-userspace/buffer-format.rst</c>.</remarks>
public enum CpioFormat
{
    /// <summary><c>070701</c>: the "new ASCII" format; the check field is zero.</summary>
    Newc = 0,

    /// <summary><c>070702</c>: the same with the check field holding the 32-bit sum of the data bytes.</summary>
    Crc = 1,
}
