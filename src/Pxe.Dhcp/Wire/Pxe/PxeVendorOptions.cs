namespace Pxe.Dhcp;

/// <summary>PXE sub-options carried inside option 43 when option 60 starts with <c>PXEClient</c> (PXE 2.1 spec §2.4, table 2-1).</summary>
public enum PxeVendorOptionCode : byte
{
    /// <summary>6: PXE_DISCOVERY_CONTROL, a bit field (<see cref="PxeDiscoveryControl"/>).</summary>
    DiscoveryControl = 6,

    /// <summary>8: PXE_BOOT_SERVERS: type (2), count (1), addresses.</summary>
    BootServers = 8,

    /// <summary>9: PXE_BOOT_MENU: type (2), description length (1), description.</summary>
    BootMenu = 9,

    /// <summary>10: PXE_MENU_PROMPT: timeout (1), prompt.</summary>
    MenuPrompt = 10,

    /// <summary>71: PXE_BOOT_ITEM: type (2), layer (2).</summary>
    BootItem = 71,
}

/// <summary>PXE_DISCOVERY_CONTROL bits (PXE 2.1 spec §2.4, sub-option 6).</summary>
[Flags]
public enum PxeDiscoveryControl : byte
{
    /// <summary>No bit set: the client runs boot-server discovery.</summary>
    None = 0,

    /// <summary>Bit 0: disable broadcast discovery.</summary>
    DisableBroadcast = 0b0001,

    /// <summary>Bit 1: disable multicast discovery.</summary>
    DisableMulticast = 0b0010,

    /// <summary>Bit 2: only use and accept servers in PXE_BOOT_SERVERS.</summary>
    OnlyListedServers = 0b0100,

    /// <summary>Bit 3: if a boot file name is in this offer, download it without discovery (the "bypass" the proxy strategies use).</summary>
    UseBootFileName = 0b1000,
}

/// <summary>Writes PXE option-43 contents (PXE 2.1 spec §2.4).</summary>
public static class PxeVendorOptions
{
    /// <summary>
    /// Writes option 43 holding discovery control <paramref name="control"/> and, when
    /// <paramref name="menuPrompt"/> is not empty, a boot menu with one item of type 0x8000 and a prompt with
    /// timeout 0 (some BIOS ROMs ignore an option 43 without a menu), then the sub-option END.
    /// </summary>
    public static bool TryWrite(ref DhcpOptionWriter writer, PxeDiscoveryControl control, ReadOnlySpan<byte> menuPrompt)
    {
        int start = writer.BytesWritten;
        if (!writer.TryBeginOption(DhcpOptionCode.VendorSpecific, out DhcpOptionToken token))
        {
            return false;
        }

        bool ok = writer.TryWrite((DhcpOptionCode)PxeVendorOptionCode.DiscoveryControl, [(byte)control]);
        if (ok && !menuPrompt.IsEmpty && menuPrompt.Length <= 200)
        {
            Span<byte> menu = stackalloc byte[3 + menuPrompt.Length];
            menu[0] = 0x80;
            menu[1] = 0x00;
            menu[2] = (byte)menuPrompt.Length;
            menuPrompt.CopyTo(menu[3..]);
            ok = writer.TryWrite((DhcpOptionCode)PxeVendorOptionCode.BootMenu, menu);
            Span<byte> prompt = stackalloc byte[1 + menuPrompt.Length];
            prompt[0] = 0;
            menuPrompt.CopyTo(prompt[1..]);
            ok = ok && writer.TryWrite((DhcpOptionCode)PxeVendorOptionCode.MenuPrompt, prompt);
        }

        ok = ok && writer.TryWriteEnd() && writer.TryEndOption(token);
        if (!ok)
        {
            writer.Abandon(token);
        }

        return ok && writer.BytesWritten > start;
    }

    /// <summary>Reads discovery control (sub-option 6) from an option-43 value; <see langword="false"/> when absent.</summary>
    public static bool TryGetDiscoveryControl(ReadOnlySpan<byte> option43, out PxeDiscoveryControl control)
    {
        foreach (DhcpOption sub in new DhcpOptionEnumerator(option43))
        {
            if (sub.Code == (DhcpOptionCode)PxeVendorOptionCode.DiscoveryControl && sub.Value.Length == 1)
            {
                control = (PxeDiscoveryControl)sub.Value[0];
                return true;
            }
        }

        control = default;
        return false;
    }
}
