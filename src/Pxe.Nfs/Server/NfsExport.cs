using System.Net;
using System.Net.Sockets;

namespace Pxe.Nfs;

/// <summary>How caller identities are mapped on an export (exports(5)).</summary>
public enum NfsSquash
{
    /// <summary>root_squash: uid/gid 0 become the anonymous ids (the default).</summary>
    Root,

    /// <summary>no_root_squash: ids are used as sent (what a root file system needs).</summary>
    None,

    /// <summary>all_squash: every caller becomes the anonymous ids.</summary>
    All,
}

/// <summary>One exported directory.</summary>
public sealed class NfsExport
{
    /// <summary>The anonymous id used by squashing (default: 65534, "nobody").</summary>
    public const uint DefaultAnonymousId = 65534;

    /// <summary>Creates an empty export (for configuration binding).</summary>
    public NfsExport()
    {
    }

    /// <summary>Exports <paramref name="directory"/> as <paramref name="path"/> (default: the directory itself).</summary>
    public NfsExport(string directory, string? path = null)
    {
        Directory = directory;
        Path = path;
    }

    /// <summary>The backing directory on this machine (default: empty; required unless an <see cref="INfsFileSystemProvider"/> supplies the backend).</summary>
    public string Directory { get; set; } = string.Empty;

    /// <summary>The path clients mount (default: <see cref="Directory"/>).</summary>
    public string? Path { get; set; }

    /// <summary>Whether changes are refused with ROFS (default: true).</summary>
    public bool ReadOnly { get; set; } = true;

    /// <summary>Identity squashing (default: <see cref="NfsSquash.Root"/>).</summary>
    public NfsSquash Squash { get; set; } = NfsSquash.Root;

    /// <summary>The uid squashed callers get (default: 65534).</summary>
    public uint AnonymousUid { get; set; } = DefaultAnonymousId;

    /// <summary>The gid squashed callers get (default: 65534).</summary>
    public uint AnonymousGid { get; set; } = DefaultAnonymousId;

    /// <summary>Client networks in CIDR notation allowed to mount (default: empty, meaning every client).</summary>
    public IList<string> AllowedClients { get; } = new List<string>();

    /// <summary>The path clients mount, normalised (no trailing slash).</summary>
    public string EffectivePath
    {
        get
        {
            string p = string.IsNullOrEmpty(Path) ? Directory : Path;
            p = p.TrimEnd('/');
            return p.Length == 0 ? "/" : p;
        }
    }
}

/// <summary>An export as the server runs it: its index (carried in file handles), backend and parsed client networks.</summary>
internal sealed class ExportEntry
{
    private readonly IPNetwork[] _networks;

    public ExportEntry(int index, NfsExport options, INfsFileSystem fileSystem)
    {
        Index = index;
        Options = options;
        FileSystem = fileSystem;
        Path = options.EffectivePath;
        var networks = new List<IPNetwork>();
        foreach (string cidr in options.AllowedClients)
        {
            if (!IPNetwork.TryParse(cidr, out IPNetwork network))
            {
                if (!IPAddress.TryParse(cidr, out IPAddress? single))
                {
                    throw new ArgumentException($"'{cidr}' is not a CIDR network or address.", nameof(options));
                }

                network = new IPNetwork(single, single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            }

            networks.Add(network);
        }

        _networks = [.. networks];
    }

    public int Index { get; }

    public string Path { get; }

    public NfsExport Options { get; }

    public INfsFileSystem FileSystem { get; }

    public bool ReadOnly => Options.ReadOnly;

    public bool Allows(IPAddress? peer)
    {
        if (_networks.Length == 0)
        {
            return true;
        }

        if (peer is null)
        {
            return false;
        }

        if (peer.IsIPv4MappedToIPv6)
        {
            peer = peer.MapToIPv4();
        }

        foreach (IPNetwork network in _networks)
        {
            if (network.Contains(peer))
            {
                return true;
            }
        }

        return false;
    }

    public RpcCaller Squash(in RpcCaller caller)
    {
        NfsExport o = Options;
        if (o.Squash == NfsSquash.All || caller.Flavor != AuthFlavor.Sys)
        {
            return RpcCaller.Create(caller.Flavor, o.AnonymousUid, o.AnonymousGid);
        }

        if (o.Squash == NfsSquash.Root && (caller.Uid == 0 || caller.Gid == 0))
        {
            RpcCaller squashed = caller;
            if (caller.Uid == 0)
            {
                squashed.Uid = o.AnonymousUid;
            }

            if (caller.Gid == 0)
            {
                squashed.Gid = o.AnonymousGid;
            }

            return squashed;
        }

        return caller;
    }
}
