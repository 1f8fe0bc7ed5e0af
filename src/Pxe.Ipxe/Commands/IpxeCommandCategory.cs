namespace Pxe.Ipxe;

/// <summary>The group an iPXE command belongs to; the dry-run interpreter uses it to decide what a command does.</summary>
public enum IpxeCommandCategory : byte
{
    /// <summary>Script flow and shell commands (goto, exit, echo, isset, prompt, …).</summary>
    Flow = 0,

    /// <summary>Settings commands (set, clear, read, inc, show, …).</summary>
    Settings,

    /// <summary>Menus and forms (menu, item, choose, form, present).</summary>
    Menu,

    /// <summary>Network interfaces and protocols (dhcp, ifopen, ntp, ping, …); they touch the network.</summary>
    Network,

    /// <summary>Image management (kernel, initrd, imgfetch, imgverify, …); most download over the network.</summary>
    Image,

    /// <summary>Commands that execute an image or a SAN device (chain, boot, imgexec, sanboot).</summary>
    Boot,

    /// <summary>HTTP form parameters (params, param).</summary>
    Parameters,

    /// <summary>SAN device management other than booting (sanhook, sanunhook).</summary>
    San,

    /// <summary>Console and colours.</summary>
    Console,

    /// <summary>Reboot, power-off and diagnostics.</summary>
    System,
}
