using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace Pxe.Host.Serve;

/// <summary>What <c>pxe serve</c> was asked on the command line; turned into configuration keys that override <c>--config</c>.</summary>
internal sealed class ServeArguments
{
    public string? Interface { get; set; }

    public string? ServerIp { get; set; }

    public string? Range { get; set; }

    public bool Proxy { get; set; }

    public string? Root { get; set; }

    public string? BootFileBios { get; set; }

    public string? BootFileEfi { get; set; }

    public string? IpxeScript { get; set; }

    public string[] NfsExports { get; set; } = [];

    public bool NfsReadWrite { get; set; }

    public int? HttpPort { get; set; }

    public string? ConfigFile { get; set; }

    /// <summary>Extra <c>key=value</c> configuration overrides (<c>--set Pxe:Tftp:Port=0</c>).</summary>
    public string[] Settings { get; set; } = [];

    /// <summary>Print log lines even on a terminal instead of the live progress view (<c>--no-live</c>); not configuration.</summary>
    public bool NoLive { get; set; }
}

/// <summary>Builds and checks the configuration of <c>pxe serve</c>.</summary>
internal static class ServeConfiguration
{
    /// <summary>JSON file first, then the command line; returns the configuration or the problems found.</summary>
    public static (IConfiguration? Configuration, IReadOnlyList<string> Errors) Build(ServeArguments a)
    {
        var errors = new List<string>();
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        const string S = ServeOptions.SectionName + ":";
        const string D = "Pxe:Dhcp:";
        const string N = "Pxe:Nfs:";
        Set(values, S + "Interface", a.Interface);
        Set(values, S + "ServerIp", a.ServerIp);
        Set(values, S + "Root", a.Root is null ? null : Path.GetFullPath(a.Root));
        Set(values, S + "BootFileBios", a.BootFileBios);
        Set(values, S + "BootFileEfi", a.BootFileEfi);
        Set(values, S + "IpxeScript", a.IpxeScript);
        Set(values, S + "HttpPort", a.HttpPort?.ToString(CultureInfo.InvariantCulture));
        if (a.Range is { } r)
        {
            int dash = r.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                errors.Add($"--range: expected START-END, got '{r}'");
            }
            else
            {
                values[D + "RangeStart"] = r[..dash];
                values[D + "RangeEnd"] = r[(dash + 1)..];
            }
        }

        if (a.Proxy)
        {
            values[D + "Mode"] = "Proxy";
        }

        for (int i = 0; i < a.NfsExports.Length; i++)
        {
            string e = a.NfsExports[i];
            int eq = e.IndexOf('=', StringComparison.Ordinal);
            string dir = eq < 0 ? e : e[..eq];
            values[$"{N}Exports:{i}:Directory"] = Path.GetFullPath(dir);
            values[$"{N}Exports:{i}:Path"] = eq < 0 ? Path.GetFullPath(dir) : e[(eq + 1)..];
            values[$"{N}Exports:{i}:ReadOnly"] = a.NfsReadWrite ? "false" : "true";
        }

        foreach (string kv in a.Settings)
        {
            int eq = kv.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                errors.Add($"--set: expected KEY=VALUE, got '{kv}'");
                continue;
            }

            values[kv[..eq]] = kv[(eq + 1)..];
        }

        var builder = new ConfigurationBuilder();
        if (a.ConfigFile is { } file)
        {
            if (!File.Exists(file))
            {
                errors.Add($"--config: {Path.GetFullPath(file)} does not exist");
                return (null, errors);
            }

            builder.AddJsonFile(Path.GetFullPath(file), optional: false);
        }

        builder.AddInMemoryCollection(values);
        IConfiguration config;
        try
        {
            config = builder.Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException)
        {
            errors.Add($"--config: {e.Message}");
            return (null, errors);
        }

        Derive(config, errors);
        return (config, errors);
    }

    /// <summary>Fills the library sections from <c>Pxe:Serve</c> (the chainloading wiring) and checks files and addresses.</summary>
    private static void Derive(IConfiguration config, List<string> errors)
    {
        ServeOptions o = config.GetSection(ServeOptions.SectionName).Get<ServeOptions>() ?? new ServeOptions();
        if (o.Root is null)
        {
            errors.Add("--root DIR is required (the directory served over TFTP and HTTP)");
        }
        else if (!Directory.Exists(o.Root))
        {
            errors.Add($"--root: directory {o.Root} does not exist");
        }

        if (o.ServerIp is null || !IPAddress.TryParse(o.ServerIp, out IPAddress? ip) || ip.AddressFamily != AddressFamily.InterNetwork)
        {
            errors.Add($"--server-ip: expected this server's IPv4 address, got '{o.ServerIp}'");
        }

        if (o.EnableDhcp)
        {
            if (o.Interface is null)
            {
                errors.Add("--interface IF is required (DHCP answers on that interface only)");
            }
            else if (!Directory.Exists("/sys/class/net/" + o.Interface))
            {
                errors.Add($"--interface: no network interface called '{o.Interface}' (see `ip link`)");
            }

            string mode = config["Pxe:Dhcp:Mode"] ?? "Full";
            if (!mode.Equals("Proxy", StringComparison.OrdinalIgnoreCase) && (config["Pxe:Dhcp:RangeStart"] is null || config["Pxe:Dhcp:RangeEnd"] is null))
            {
                errors.Add("either --range START-END (full DHCP) or --proxy (next to an existing DHCP server) is required");
            }

            foreach (string boot in new[] { o.BootFileBios, o.BootFileEfi })
            {
                if (!FileExistsIn(o.Root, boot) && !FileExistsIn(o.IpxeDirectory, boot))
                {
                    errors.Add($"boot program '{boot}' is neither in --root nor in {o.IpxeDirectory} (install Debian's `ipxe` package: apt-get install ipxe)");
                }
            }
        }

        if (o.IpxeScript is { } script && !script.Contains("://", StringComparison.Ordinal) && !FileExistsIn(o.Root, script))
        {
            errors.Add($"--ipxe-script: '{script}' is not in --root ({o.Root})");
        }

        foreach (BootProfile p in o.Profiles)
        {
            foreach (string f in (p.Kernel is null ? Array.Empty<string>() : [p.Kernel]).Concat(p.Initrds))
            {
                if (!f.Contains("://", StringComparison.Ordinal) && !File.Exists(Path.IsPathRooted(f) ? f : Path.Combine(o.Root ?? ".", f)))
                {
                    errors.Add($"profile '{p.Name}': file {f} does not exist");
                }
            }
        }

        foreach (IConfigurationSection export in config.GetSection("Pxe:Nfs:Exports").GetChildren())
        {
            if (export["Directory"] is { } d && !Directory.Exists(d))
            {
                errors.Add($"--nfs-export: directory {d} does not exist");
            }
        }

        if (errors.Count > 0)
        {
            return;
        }

        // The wiring between the servers: DHCP names the boot programs, and iPXE clients get the script's URL.
        var derived = new Dictionary<string, string?>();
        void Default(string key, string? value)
        {
            if (config[key] is null)
            {
                derived[key] = value;
            }
        }

        Default("Pxe:Dhcp:Interfaces:0", o.Interface);
        Default("Pxe:Dhcp:ServerAddress", o.ServerIp);
        Default("Pxe:Dhcp:BootFile", o.BootFileBios);
        Default("Pxe:Dhcp:BootFileEfi", o.BootFileEfi);
        string httpBase = o.HttpPort == 80 ? $"http://{o.ServerIp}" : $"http://{o.ServerIp}:{o.HttpPort.ToString(CultureInfo.InvariantCulture)}";
        string scriptUrl = o.IpxeScript switch
        {
            null when o.ScriptOverTftp => ServeOptions.GeneratedScriptName,
            null => $"{httpBase}/{ServeOptions.GeneratedScriptName}",
            { } s when s.Contains("://", StringComparison.Ordinal) => s,
            { } s when o.ScriptOverTftp => s,
            { } s => $"{httpBase}/{s.TrimStart('/')}",
        };
        Default("Pxe:Dhcp:IpxeScript", scriptUrl);
        Default("Pxe:Tftp:Root", o.Root);
        foreach (KeyValuePair<string, string?> kv in derived)
        {
            config[kv.Key] = kv.Value;
        }
    }

    /// <summary>When not root: the privileged ports this configuration needs, in words; null when fine.</summary>
    public static string? PrivilegeProblem(IConfiguration config)
    {
        if (Environment.IsPrivilegedProcess)
        {
            return null;
        }

        ServeOptions o = config.GetSection(ServeOptions.SectionName).Get<ServeOptions>() ?? new ServeOptions();
        var needs = new List<string>();
        if (o.EnableDhcp)
        {
            needs.Add("67 (DHCP)");
        }

        if (o.EnableTftp && (config.GetValue<int?>("Pxe:Tftp:Port") ?? 69) is > 0 and < 1024)
        {
            needs.Add("69 (TFTP)");
        }

        if (o.HttpPort is > 0 and < 1024)
        {
            needs.Add($"{o.HttpPort.ToString(CultureInfo.InvariantCulture)} (HTTP)");
        }

        if (config.GetSection("Pxe:Nfs:Exports").GetChildren().Any() && (config.GetValue<int?>("Pxe:Nfs:PortmapPort") ?? 111) is > 0 and < 1024)
        {
            needs.Add("111 (portmap)");
        }

        return needs.Count == 0
            ? null
            : $"binding port{(needs.Count > 1 ? "s" : "")} {string.Join(", ", needs)} needs root: run `sudo pxe serve ...` (or grant CAP_NET_BIND_SERVICE and CAP_NET_RAW)";
    }

    private static bool FileExistsIn(string? dir, string name) => dir is not null && File.Exists(Path.Combine(dir, name.TrimStart('/')));

    private static void Set(Dictionary<string, string?> values, string key, string? value)
    {
        if (value is not null)
        {
            values[key] = value;
        }
    }
}
