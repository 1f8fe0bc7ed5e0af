using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Pxe.Ipxe;

/// <summary>
/// Every command iPXE registers (<c>COMMAND ( name, … )</c> in ipxe/ipxe src/core/exec.c, src/image/script.c,
/// src/hci/shell.c, src/hci/commands/*.c, src/arch/x86/hci/commands/*.c and the optional digest commands), with
/// options, argument counts and usage text. Build-time optional commands (<c>nslookup</c>, <c>ping</c>, <c>ntp</c>,
/// <c>imgtrust</c>, <c>shim</c>, <c>cpuid</c>, the <c>*sum</c> variants, …) are included.
/// </summary>
/// <remarks>
/// Short option letters follow iPXE's convention of the long name's first letter; where two options of one command
/// would share a letter the second uses the letter iPXE uses (<c>shim --require-loader</c> is <c>-l</c>).
/// </remarks>
public static class IpxeCommands
{
    private static readonly IpxeOptionDescriptor Name = Opt("name", IpxeOptionArgument.Text);
    private static readonly IpxeOptionDescriptor Timeout = Opt("timeout", IpxeOptionArgument.Timeout);
    private static readonly IpxeOptionDescriptor Quiet = Opt("quiet");
    private static readonly IpxeOptionDescriptor Autofree = Opt("autofree");
    private static readonly IpxeOptionDescriptor Keep = Opt("keep");

    private static readonly IpxeCommandDescriptor[] Table = BuildTable();

    private static readonly FrozenDictionary<string, IpxeCommandDescriptor> ByName =
        Table.ToFrozenDictionary(static d => d.Name, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, IpxeCommandDescriptor>.AlternateLookup<ReadOnlySpan<char>> ByNameSpan =
        ByName.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Every command name iPXE knows, synonyms included, in table order.</summary>
    public static IReadOnlyList<IpxeCommandDescriptor> All => Table;

    /// <summary>Finds a command by its exact (case-sensitive) name, as <c>execv</c> does.</summary>
    public static bool TryGet(ReadOnlySpan<char> name, [NotNullWhen(true)] out IpxeCommandDescriptor? descriptor) =>
        ByNameSpan.TryGetValue(name, out descriptor);

    /// <summary>Finds a command by its exact (case-sensitive) name.</summary>
    public static bool TryGet(string name, [NotNullWhen(true)] out IpxeCommandDescriptor? descriptor) =>
        ByName.TryGetValue(name ?? string.Empty, out descriptor);

    private static IpxeOptionDescriptor Opt(string longName, IpxeOptionArgument argument = IpxeOptionArgument.None, char shortName = '\0') =>
        new(longName, shortName == '\0' ? longName[0] : shortName, argument);

    private static IpxeCommandDescriptor[] BuildTable()
    {
        var list = new List<IpxeCommandDescriptor>(96);
        const int N = IpxeCommandDescriptor.Unbounded;

        void Add(string name, IpxeCommandCategory category, int min, int max, string usage, params IpxeOptionDescriptor[] options) =>
            list.Add(new IpxeCommandDescriptor(name, name, category, min, max, usage, options));

        void Synonyms(string canonical, params string[] names)
        {
            IpxeCommandDescriptor c = list.First(d => d.Name == canonical);
            foreach (string name in names)
            {
                list.Add(new IpxeCommandDescriptor(name, canonical, c.Category, c.MinArguments, c.MaxArguments, c.Usage, c.Options));
            }
        }

        const IpxeCommandCategory F = IpxeCommandCategory.Flow, S = IpxeCommandCategory.Settings, M = IpxeCommandCategory.Menu,
            Net = IpxeCommandCategory.Network, I = IpxeCommandCategory.Image, B = IpxeCommandCategory.Boot,
            P = IpxeCommandCategory.Parameters, San = IpxeCommandCategory.San, C = IpxeCommandCategory.Console, Sys = IpxeCommandCategory.System;

        // Flow control and shell (src/core/exec.c, src/image/script.c, src/hci/shell.c, src/hci/commands/time_cmd.c).
        Add("echo", F, 0, N, "[-n] [<text>...]", Opt("n"));
        Add("exit", F, 0, 1, "[<status>]");
        Add("isset", F, 1, 1, "<value>");
        Add("iseq", F, 2, 2, "<value1> <value2>");
        Add("sleep", F, 1, 1, "<seconds>");
        Add("goto", F, 1, 1, "<label>");
        Add("prompt", F, 0, N, "[--key <key>] [--timeout <timeout>] [<text>...]", Opt("key", IpxeOptionArgument.Key), Timeout);
        Add("help", F, 0, 0, "");
        Add("shell", F, 0, 0, "");
        Add("time", F, 1, N, "<command> [<args>...]");

        // Configuration settings (src/hci/commands/nvo_cmd.c, config_cmd.c, login_cmd.c, nslookup_cmd.c, pci_cmd.c,
        // usb_cmd.c, image_mem_cmd.c; x86 cpuid_cmd.c).
        Add("show", S, 1, 1, "[--quiet] <setting>", Quiet);
        Add("set", S, 1, N, "<setting> [<value>...]");
        Add("clear", S, 1, 1, "<setting>");
        Add("read", S, 1, 1, "[--timeout <timeout>] <setting>", Timeout);
        Add("inc", S, 1, 2, "<setting> [<increment>]");
        Add("config", S, 0, 1, "[<scope>]");
        Add("login", S, 0, 0, "");
        Add("nslookup", Net, 2, 2, "<setting> <name>");
        Add("pciscan", S, 1, 1, "<setting>");
        Add("usbscan", S, 1, 1, "<setting>");
        Add("cpuid", S, 1, 1, "[--ext] [--amd] [--ecx] <bit>", Opt("ext"), Opt("amd"), Opt("ecx", shortName: 'c'));
        Add("imgset", Net, 2, 2, "[--keep] [--timeout <timeout>] [--quiet] <setting> <uri|image>", Keep, Timeout, Quiet);

        // Menus and forms (src/hci/commands/dynui_cmd.c).
        Add("menu", M, 0, N, "[--name <name>] [--delete] [<title>]", Name, Opt("delete"));
        Add("form", M, 0, N, "[--name <name>] [--delete] [<title>]", Name, Opt("delete"));
        Add("item", M, 0, N, "[--menu <menu>|--form <form>] [--key <key>] [--default] [--secret] [--gap] [<name> [<text>...]]",
            Opt("menu", IpxeOptionArgument.Text), Opt("form", IpxeOptionArgument.Text), Opt("key", IpxeOptionArgument.Key),
            Opt("default"), Opt("secret"), Opt("gap"));
        Add("choose", M, 1, 1, "[--menu <menu>] [--default <name>] [--timeout <timeout>] [--retimeout <timeout>] [--keep] <setting>",
            Opt("menu", IpxeOptionArgument.Text), Opt("default", IpxeOptionArgument.Text), Timeout,
            Opt("retimeout", IpxeOptionArgument.Timeout), Keep);
        Add("present", M, 0, 0, "[--form <form>] [--keep]", Opt("form", IpxeOptionArgument.Text), Keep);

        // Network interfaces and protocols (src/hci/commands/ifmgmt_cmd.c, autoboot_cmd.c, route_cmd.c, neighbour_cmd.c,
        // ipstat_cmd.c, vlan_cmd.c, iwmgmt_cmd.c, ping_cmd.c, ntp_cmd.c, lotest_cmd.c, ibmgmt_cmd.c, fcmgmt_cmd.c;
        // x86 pxe_cmd.c).
        Add("ifstat", Net, 0, N, "[<interface>...]");
        Add("ifopen", Net, 0, N, "[<interface>...]");
        Add("ifclose", Net, 0, N, "[<interface>...]");
        Add("ifconf", Net, 0, N, "[--configurator <configurator>] [--timeout <timeout>] [<interface>...]",
            Opt("configurator", IpxeOptionArgument.Text), Timeout);
        Synonyms("ifconf", "dhcp");
        Add("iflinkwait", Net, 0, N, "[--timeout <timeout>] [<interface>...]", Timeout);
        Add("autoboot", B, 0, N, "[<interface>...]");
        Add("pxebs", Net, 2, 2, "<interface> <server type>");
        Add("route", Net, 0, 0, "");
        Add("nstat", Net, 0, 0, "");
        Add("ipstat", Net, 0, 0, "");
        Add("vcreate", Net, 1, 1, "--tag <tag> [--priority <priority>] <trunk interface>",
            Opt("tag", IpxeOptionArgument.Integer), Opt("priority", IpxeOptionArgument.Integer));
        Add("vdestroy", Net, 1, 1, "<vlan interface>");
        Add("iwstat", Net, 0, N, "[<interface>...]");
        Add("iwlist", Net, 0, N, "[<interface>...]");
        Add("ping", Net, 1, 1, "[--size <size>] [--timeout <timeout>] [--count <count>] [--quiet] <host>",
            Opt("size", IpxeOptionArgument.Integer), Timeout, Opt("count", IpxeOptionArgument.Integer), Quiet);
        Add("ntp", Net, 1, 1, "<server>");
        Add("lotest", Net, 2, 2, "[--mtu <mtu>] [--broadcast] <sending interface> <receiving interface>",
            Opt("mtu", IpxeOptionArgument.Integer), Opt("broadcast"));
        Add("ibstat", Net, 0, 0, "");
        Add("fcstat", Net, 0, 0, "");
        Add("fcels", Net, 1, 1, "[--port <port>] [--id <peer port id>] <request>",
            Opt("port", IpxeOptionArgument.Text), Opt("id", IpxeOptionArgument.Text));
        Add("startpxe", Net, 0, 1, "[<interface>]");
        Add("stoppxe", Net, 0, 0, "");

        // Image management (src/hci/commands/image_cmd.c, image_trust_cmd.c, image_archive_cmd.c, image_crypt_cmd.c,
        // digest_cmd.c, shim_cmd.c, fdt_cmd.c, cert_cmd.c, image_mem_cmd.c).
        Add("imgfetch", I, 1, N, "[--name <name>] [--timeout <timeout>] [--quiet] [--autofree] <uri> [<arguments>...]", Name, Timeout, Quiet, Autofree);
        Synonyms("imgfetch", "module", "initrd");
        Add("imgselect", I, 1, N, "[--name <name>] [--timeout <timeout>] [--quiet] [--autofree] <uri|image> [<arguments>...]", Name, Timeout, Quiet, Autofree);
        Synonyms("imgselect", "imgload", "kernel");
        Add("imgexec", B, 0, N, "[--name <name>] [--timeout <timeout>] [--quiet] [--autofree] [--replace] [<uri|image> [<arguments>...]]",
            Name, Timeout, Quiet, Autofree, Opt("replace"));
        Synonyms("imgexec", "chain", "boot");
        Add("imgargs", I, 1, N, "[--name <name>] [--timeout <timeout>] [--quiet] [--autofree] <image> [<arguments>...]", Name, Timeout, Quiet, Autofree);
        Add("imgstat", I, 0, N, "[<image>...]");
        Add("imgfree", I, 0, N, "[<image>...]");
        Add("imgmem", I, 2, 2, "[--name <name>] <address> <length>", Name);
        Add("imgextract", I, 1, 1, "[--name <name>] [--keep] [--timeout <timeout>] [--quiet] <uri|image>", Name, Keep, Timeout, Quiet);
        Add("imgdecrypt", I, 2, 2, "[--name <name>] [--keep] [--timeout <timeout>] [--quiet] <uri|image> <envelope uri|image>", Name, Keep, Timeout, Quiet);
        Add("imgtrust", I, 0, 0, "[--allow] [--permanent]", Opt("allow"), Opt("permanent"));
        Add("imgverify", I, 2, 2, "[--signer <subject>] [--keep] [--timeout <timeout>] [--quiet] <uri|image> <signature uri|image>",
            Opt("signer", IpxeOptionArgument.Text), Keep, Timeout, Quiet);
        foreach (string digest in (ReadOnlySpan<string>)["md5sum", "sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum", "md4sum"])
        {
            Add(digest, I, 1, N, "[--set <setting>] <image> [<image>...]", Opt("set", IpxeOptionArgument.Text));
        }

        Add("shim", I, 0, 1, "[--timeout <timeout>] [--quiet] [--require-loader] [--allow-pxe] [--allow-sbat] [<uri|image>]",
            Timeout, Quiet, Opt("require-loader", shortName: 'l'), Opt("allow-pxe", shortName: 'p'), Opt("allow-sbat", shortName: 's'));
        Add("fdt", I, 0, 1, "[--timeout <timeout>] [--quiet] [<uri>]", Timeout, Quiet);
        Add("certstore", I, 0, 1, "[--subject <name>] [--keep] [<uri|image>]", Opt("subject", IpxeOptionArgument.Text), Keep);
        Add("certstat", I, 0, 0, "[--subject <name>]", Opt("subject", IpxeOptionArgument.Text));
        Add("certfree", I, 0, 0, "[--subject <name>]", Opt("subject", IpxeOptionArgument.Text));

        // HTTP form parameters (src/hci/commands/param_cmd.c).
        Add("params", P, 0, 0, "[--name <name>] [--method <method>] [--delete]", Name, Opt("method", IpxeOptionArgument.Text), Opt("delete"));
        Add("param", P, 1, N, "[--params <params>] [--header] <key> [<value>...]", Opt("params", IpxeOptionArgument.Text), Opt("header", shortName: 'H'));

        // SAN (src/hci/commands/sanboot_cmd.c).
        Add("sanhook", San, 1, N, "[--drive <drive>] [--no-describe] <root-path> [<root-path>...]",
            Opt("drive", IpxeOptionArgument.Integer), Opt("no-describe"));
        Add("sanboot", B, 0, N, "[--drive <drive>] [--no-describe] [--keep] [--filename <path>] [--extra <path>] [--label <label>] [--uuid <uuid>] [<root-path>...]",
            Opt("drive", IpxeOptionArgument.Integer), Opt("no-describe"), Keep, Opt("filename", IpxeOptionArgument.Text),
            Opt("extra", IpxeOptionArgument.Text), Opt("label", IpxeOptionArgument.Text), Opt("uuid", IpxeOptionArgument.Text));
        Add("sanunhook", San, 0, 0, "[--drive <drive>]", Opt("drive", IpxeOptionArgument.Integer));

        // Console (src/hci/commands/console_cmd.c).
        Add("console", C, 0, 0, "[--x <width>] [--y <height>] [--left <width>] [--right <width>] [--top <height>] [--bottom <height>] [--depth <bpp>] [--picture <uri>] [--keep]",
            Opt("x", IpxeOptionArgument.Integer), Opt("y", IpxeOptionArgument.Integer), Opt("left", IpxeOptionArgument.Integer),
            Opt("right", IpxeOptionArgument.Integer), Opt("top", IpxeOptionArgument.Integer), Opt("bottom", IpxeOptionArgument.Integer),
            Opt("depth", IpxeOptionArgument.Integer), Opt("picture", IpxeOptionArgument.Text), Keep);
        Add("colour", C, 1, 1, "[--basic <colour>] [--rgb <colour>] <colour>", Opt("basic", IpxeOptionArgument.Integer), Opt("rgb", IpxeOptionArgument.Integer));
        Add("cpair", C, 1, 1, "[--foreground <colour>] [--background <colour>] <cpair>",
            Opt("foreground", IpxeOptionArgument.Integer), Opt("background", IpxeOptionArgument.Integer));

        // Power and diagnostics (src/hci/commands/reboot_cmd.c, poweroff_cmd.c, sync_cmd.c, profstat_cmd.c, gdbstub_cmd.c).
        Add("reboot", Sys, 0, 0, "[--warm] [--setup]", Opt("warm"), Opt("setup"));
        Add("poweroff", Sys, 0, 0, "");
        Add("sync", Sys, 0, 0, "[--timeout <timeout>]", Timeout);
        Add("profstat", Sys, 0, 0, "");
        Add("gdbstub", Sys, 1, N, "<transport> [<options>...]");
        return [.. list];
    }
}
