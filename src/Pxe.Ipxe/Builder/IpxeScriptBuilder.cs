using System.Globalization;

namespace Pxe.Ipxe;

/// <summary>
/// Generates iPXE scripts from code: the <c>#!ipxe</c> header, labels, commands chained with <c>||</c>, retry loops,
/// menus, per-host branches, kernel/initrd/command line and signature checks. Every word is checked when added (iPXE
/// has no quoting, so a word cannot contain whitespace), and <see cref="Build"/> runs the same checks as the parser.
/// </summary>
/// <example>
/// <code>
/// string text = new IpxeScriptBuilder()
///     .Retry("retry_dhcp", 5, "failed", "dhcp")
///     .Chain("http://10.0.0.1/boot/${net0/mac:hexhyp}.ipxe", onFailureGoto: "menu")
///     .Label("menu")
///     .Menu("Boot menu", m => m.Item("arch", "Arch Linux").Item("shell", "iPXE shell"), timeoutMilliseconds: 5000)
///     .Label("arch")
///     .BootLinux("http://10.0.0.1/arch/vmlinuz", ["http://10.0.0.1/arch/initramfs.img"], "ip=dhcp", onFailureGoto: "failed")
///     .Label("shell").Command("shell")
///     .Label("failed").Echo("Boot failed").Command("shell")
///     .ToString();
/// </code>
/// </example>
public sealed class IpxeScriptBuilder
{
    private readonly List<IpxeLine> _lines = [new IpxeLine(null, [], "#!ipxe")];

    /// <summary>Adds <c># text</c>.</summary>
    public IpxeScriptBuilder Comment(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Add(new IpxeLine(null, [], "# " + text));
    }

    /// <summary>Adds an empty line.</summary>
    public IpxeScriptBuilder BlankLine() => Add(IpxeLine.Blank);

    /// <summary>Defines <c>:name</c> on a line of its own.</summary>
    public IpxeScriptBuilder Label(string name) => Add(new IpxeLine(new IpxeLabel(name), []));

    /// <summary>Adds one command: <c>name arguments…</c>.</summary>
    public IpxeScriptBuilder Command(string name, params string[] arguments) => Line(new IpxeCommand(name, arguments));

    /// <summary>Adds <c>name arguments… || goto label</c>.</summary>
    public IpxeScriptBuilder CommandOrGoto(string label, string name, params string[] arguments) =>
        Line(new IpxeCommand(name, arguments).WithTerminator(IpxeChainOperator.Or), new IpxeCommand("goto", label));

    /// <summary>Adds <c>name arguments… ||</c>: the failure is ignored.</summary>
    public IpxeScriptBuilder CommandOrIgnore(string name, params string[] arguments) =>
        Line(new IpxeCommand(name, arguments).WithTerminator(IpxeChainOperator.Or), new IpxeCommand([], IpxeChainOperator.None));

    /// <summary>Adds a line of several commands; give each its <see cref="IpxeCommand.Terminator"/>.</summary>
    public IpxeScriptBuilder Line(params IpxeCommand[] commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        return Add(new IpxeLine(null, commands));
    }

    /// <summary>Adds <c>set setting value</c> (the value is split on whitespace, which iPXE joins back with single spaces).</summary>
    public IpxeScriptBuilder Set(string setting, string value) => Command("set", [setting, .. SplitText(value)]);

    /// <summary>Adds <c>echo text</c>.</summary>
    public IpxeScriptBuilder Echo(string text) => Command("echo", SplitText(text));

    /// <summary>Adds <c>iseq ${setting} value &amp;&amp; goto label ||</c>: a per-host (or per-anything) branch.</summary>
    public IpxeScriptBuilder GotoIfEquals(string setting, string value, string label) =>
        Line(new IpxeCommand("iseq", "${" + setting + "}", value).WithTerminator(IpxeChainOperator.And),
             new IpxeCommand("goto", label).WithTerminator(IpxeChainOperator.Or),
             new IpxeCommand([], IpxeChainOperator.None));

    /// <summary>
    /// Adds a bounded retry loop around one command:
    /// <c>set L_tries:int32 0</c> (a plain string setting cannot be incremented), <c>:L</c>, <c>inc L_tries</c>, <c>iseq ${L_tries} N+1 &amp;&amp; goto exhausted ||</c>,
    /// <c>command || goto L</c>.
    /// </summary>
    public IpxeScriptBuilder Retry(string label, int maxTries, string exhaustedLabel, string name, params string[] arguments)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTries, 1);
        string counter = label + "_tries";
        Set(counter + ":int32", "0");
        Label(label);
        Command("inc", counter);
        Line(new IpxeCommand("iseq", "${" + counter + "}", (maxTries + 1).ToString(CultureInfo.InvariantCulture)).WithTerminator(IpxeChainOperator.And),
             new IpxeCommand("goto", exhaustedLabel).WithTerminator(IpxeChainOperator.Or),
             new IpxeCommand([], IpxeChainOperator.None));
        return CommandOrGoto(label, name, arguments);
    }

    /// <summary>
    /// Adds a menu: <c>menu title</c>, the items, <c>choose [--default d] [--timeout ms] setting</c> (or
    /// <c>|| goto cancel</c>), then <c>goto ${setting}</c>. Each item name must be a label of the script.
    /// </summary>
    public IpxeScriptBuilder Menu(string title, Action<IpxeMenuBuilder> items, string setting = "selected",
        int timeoutMilliseconds = 0, string? defaultItem = null, string? cancelLabel = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        var menu = new IpxeMenuBuilder();
        items(menu);
        Command("menu", SplitText(title));
        foreach (IpxeCommand item in menu.Items)
        {
            Line(item);
        }

        var choose = new List<string>();
        if (defaultItem is not null)
        {
            choose.AddRange(["--default", defaultItem]);
        }

        if (timeoutMilliseconds > 0)
        {
            choose.AddRange(["--timeout", timeoutMilliseconds.ToString(CultureInfo.InvariantCulture)]);
        }

        choose.Add(setting);
        if (cancelLabel is null)
        {
            Command("choose", [.. choose]);
        }
        else
        {
            CommandOrGoto(cancelLabel, "choose", [.. choose]);
        }

        return Command("goto", "${" + setting + "}");
    }

    /// <summary>Adds <c>kernel uri commandLine…</c> (the command line is split on whitespace).</summary>
    public IpxeScriptBuilder Kernel(string uri, string commandLine = "", string? onFailureGoto = null) =>
        Fallible(onFailureGoto, "kernel", [uri, .. SplitText(commandLine)]);

    /// <summary>Adds <c>initrd [--name name] uri</c>.</summary>
    public IpxeScriptBuilder Initrd(string uri, string? name = null, string? onFailureGoto = null) =>
        Fallible(onFailureGoto, "initrd", name is null ? [uri] : ["--name", name, uri]);

    /// <summary>Adds <c>boot</c> (executes the selected kernel).</summary>
    public IpxeScriptBuilder Boot(string? onFailureGoto = null) => Fallible(onFailureGoto, "boot", []);

    /// <summary>Adds <c>chain --autofree uri</c>, optionally <c>|| goto label</c>.</summary>
    public IpxeScriptBuilder Chain(string uri, string? onFailureGoto = null) => Fallible(onFailureGoto, "chain", ["--autofree", uri]);

    /// <summary>Adds <c>imgtrust [--permanent]</c>: from now on only verified images may be executed.</summary>
    public IpxeScriptBuilder RequireTrustedImages(bool permanent = false) => Command("imgtrust", permanent ? ["--permanent"] : []);

    /// <summary>Adds <c>imgverify [--signer subject] image signatureUri</c>.</summary>
    public IpxeScriptBuilder Verify(string image, string signatureUri, string? signer = null, string? onFailureGoto = null) =>
        Fallible(onFailureGoto, "imgverify", signer is null ? [image, signatureUri] : ["--signer", signer, image, signatureUri]);

    /// <summary>
    /// Adds a Linux boot: <c>kernel</c> with its command line, each <c>initrd</c>, optional signature checks (each file's URI
    /// plus <paramref name="signatureSuffix"/>, e.g. <c>.sig</c>), then <c>boot</c>; every step <c>|| goto onFailureGoto</c> when given.
    /// </summary>
    public IpxeScriptBuilder BootLinux(string kernelUri, IEnumerable<string> initrdUris, string commandLine, string? onFailureGoto = null, string? signatureSuffix = null)
    {
        ArgumentNullException.ThrowIfNull(initrdUris);
        Kernel(kernelUri, commandLine, onFailureGoto);
        if (signatureSuffix is not null)
        {
            Verify(ImageName(kernelUri), kernelUri + signatureSuffix, onFailureGoto: onFailureGoto);
        }

        foreach (string initrd in initrdUris)
        {
            Initrd(initrd, onFailureGoto: onFailureGoto);
            if (signatureSuffix is not null)
            {
                Verify(ImageName(initrd), initrd + signatureSuffix, onFailureGoto: onFailureGoto);
            }
        }

        return Boot(onFailureGoto);
    }

    /// <summary>Adds <c>exit [status]</c>.</summary>
    public IpxeScriptBuilder Exit(int status = 0) => Command("exit", status == 0 ? [] : [status.ToString(CultureInfo.InvariantCulture)]);

    /// <summary>Builds the script; its <see cref="IpxeScript.Diagnostics"/> hold anything iPXE would object to.</summary>
    public IpxeScript Build() => new(_lines);

    /// <summary>The canonical script text.</summary>
    public override string ToString() => IpxeScriptWriter.Write(Build());

    internal static string[] SplitText(string text) =>
        (text ?? string.Empty).Split([' ', '\t', '\n', '\v', '\f', '\r'], StringSplitOptions.RemoveEmptyEntries);

    private static string ImageName(string uri)
    {
        int slash = uri.LastIndexOf('/');
        return slash >= 0 ? uri[(slash + 1)..] : uri;
    }

    private IpxeScriptBuilder Fallible(string? onFailureGoto, string name, string[] arguments) =>
        onFailureGoto is null ? Command(name, arguments) : CommandOrGoto(onFailureGoto, name, arguments);

    private IpxeScriptBuilder Add(IpxeLine line)
    {
        _lines.Add(line);
        return this;
    }
}
