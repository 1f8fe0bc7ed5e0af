namespace Pxe.Initcpio;

/// <summary>
/// Ready hooks that bring up the network, fetch the root file system and copy it into RAM, so the machine no longer
/// needs the server once booted: <c>pxe_nfs_ram</c> (NFSv3) and <c>pxe_http_ram</c> (a tarball or squashfs over HTTP).
/// </summary>
public static class PxeHooks
{
    /// <summary>The name of the NFS hook.</summary>
    public const string NfsRamName = "pxe_nfs_ram";

    /// <summary>The name of the HTTP hook.</summary>
    public const string HttpRamName = "pxe_http_ram";

    /// <summary>The names of every ready hook.</summary>
    public static IReadOnlyList<string> Names { get; } = [HttpRamName, NfsRamName];

    /// <summary>Returns the ready hook called <paramref name="name"/>, or <see langword="null"/>.</summary>
    public static InitcpioHook? Find(string name, PxeRamHookOptions? options = null) => name switch
    {
        NfsRamName => NfsRam(options),
        HttpRamName => HttpRam(options),
        _ => null,
    };

    /// <summary>
    /// <c>pxe_nfs_ram</c>: configures the network (<c>ip=dhcp</c> through busybox udhcpc, or the static kernel form),
    /// mounts the NFSv3 root named by <c>pxe_nfs_srv=HOST:/PATH</c>, copies it into a tmpfs of <c>copytoram_size=</c>
    /// skipping <c>/proc /sys /dev /run /mnt</c> (created empty), unmounts NFS, takes the network down and leaves
    /// <c>/new_root</c> for the init's <c>switch_root</c>.
    /// </summary>
    public static InitcpioHook NfsRam(PxeRamHookOptions? options = null)
    {
        options ??= new PxeRamHookOptions();
        var hook = new InitcpioHook(NfsRamName)
        {
            Help = """
                Boots from an NFSv3 root copied into RAM. The network is configured from ip= (busybox udhcpc for
                ip=dhcp), the export pxe_nfs_srv= is mounted read-only, copied into a tmpfs without /proc, /sys,
                /dev, /run and /mnt (created empty), unmounted, and the network is taken down before switch_root.
                Any failure stops the boot with a message naming the cause.
                """,
            RuntimeFunctions = PxeHookScripts.Common(options) + "\n" + $"pxe_nfs_default_opts={ShellQuoting.Quote(options.DefaultNfsMountOptions)}\n",
            MountHandler = new MountHandler("pxe_nfs_ram_mount_handler", PxeHookScripts.NfsHandler, "[ -n \"${pxe_nfs_srv}\" ]"),
        };
        AddCommonParameters(hook, options);
        hook.Parameters.Insert(0, new HookParameter("pxe_nfs_srv", "HOST:/PATH", "NFSv3 export holding the root; HOST is an IPv4 address. Without it the hook does nothing."));
        hook.Parameters.Insert(1, new HookParameter("pxe_nfs_opts", "OPT,OPT", "extra mount options appended to the defaults", options.DefaultNfsMountOptions + ",addr=HOST"));
        hook.BuildSteps.Add(BuildStep.Map("add_module", "nfsv3", "af_packet"));
        hook.BuildSteps.Add(BuildStep.AddCheckedModules("/drivers/net/", "(irda|phy|wimax|wireless|ppp_|plip|pppoe)"));
        hook.BuildSteps.Add(BuildStep.AddRunscript());
        hook.RuntimeHooks[RuntimeHookPoint.Main] = PxeHookScripts.MainBody("pxe_nfs_srv");
        return hook;
    }

    /// <summary>
    /// <c>pxe_http_ram</c>: configures the network like <see cref="NfsRam"/>, downloads <c>pxe_http_srv=URL</c> (a
    /// plain, gzip or xz tarball, or a squashfs image) into a tmpfs with a progress line, checks its SHA-256
    /// (<c>pxe_http_sha256=</c> or <c>URL.sha256</c>), unpacks it there, takes the network down and leaves
    /// <c>/new_root</c> for <c>switch_root</c>.
    /// </summary>
    public static InitcpioHook HttpRam(PxeRamHookOptions? options = null)
    {
        options ??= new PxeRamHookOptions();
        var hook = new InitcpioHook(HttpRamName)
        {
            Help = """
                Boots from a root file system downloaded over HTTP into RAM, like archiso's HTTP hook. The network is
                configured from ip= (busybox udhcpc for ip=dhcp), pxe_http_srv= is downloaded into a tmpfs with a
                progress line, its SHA-256 is checked, and it is unpacked (tarball) or copied (squashfs) into the
                tmpfs before the network is taken down and the init switches root into it.
                """,
            RuntimeFunctions = PxeHookScripts.Common(options) + "\n" + PxeHookScripts.HttpFunctions,
            MountHandler = new MountHandler("pxe_http_ram_mount_handler", PxeHookScripts.HttpHandler, "[ -n \"${pxe_http_srv}\" ]"),
        };
        AddCommonParameters(hook, options);
        hook.Parameters.Insert(0, new HookParameter("pxe_http_srv", "URL", "the root image: a tarball (.tar, .tar.gz, .tar.xz) or a squashfs image. Without it the hook does nothing."));
        hook.Parameters.Insert(1, new HookParameter("pxe_http_sha256", "HEX", "expected SHA-256 of the image; without it URL.sha256 is tried"));
        hook.Parameters.Insert(2, new HookParameter("pxe_http_verify", "y", "refuse to boot when no SHA-256 is available", "n"));
        hook.BuildSteps.Add(BuildStep.Map("add_module", "af_packet", "squashfs", "loop"));
        hook.BuildSteps.Add(BuildStep.AddCheckedModules("/drivers/net/", "(irda|phy|wimax|wireless|ppp_|plip|pppoe)"));
        hook.BuildSteps.Add(BuildStep.AddRunscript());
        hook.RuntimeHooks[RuntimeHookPoint.Main] = PxeHookScripts.MainBody("pxe_http_srv");
        return hook;
    }

    private static void AddCommonParameters(InitcpioHook hook, PxeRamHookOptions options)
    {
        hook.Parameters.Add(new HookParameter("ip", "dhcp|CLIENT:SERVER:GATEWAY:NETMASK:HOST:DEVICE:off", "network configuration, as the kernel's nfsroot ip=", "dhcp"));
        hook.Parameters.Add(new HookParameter("BOOTIF", "01-aa-bb-cc-dd-ee-ff", "selects the interface by MAC address (PXELINUX/iPXE style)"));
        hook.Parameters.Add(new HookParameter("copytoram_size", "SIZE", "tmpfs size for the root: a percentage of RAM or a size like 2G", options.DefaultCopyToRamSize));
        hook.Parameters.Add(new HookParameter("pxe_failure", "shell|poweroff|reboot", "what to do when the boot fails", "shell"));
    }
}
