using System.Collections.Concurrent;
using System.Text;

namespace Pxe.Nfs;

/// <summary>MOUNT procedures (RFC 1813 Appendix I).</summary>
public enum MountProcedure : uint
{
    /// <summary>NULL.</summary>
    Null = 0,
    /// <summary>MNT: path → file handle.</summary>
    Mnt = 1,
    /// <summary>DUMP: the mount list.</summary>
    Dump = 2,
    /// <summary>UMNT: remove one entry.</summary>
    Umnt = 3,
    /// <summary>UMNTALL: remove the caller's entries.</summary>
    UmntAll = 4,
    /// <summary>EXPORT: the export list.</summary>
    Export = 5,
}

/// <summary>MOUNT v3 status (RFC 1813 Appendix I, <c>mountstat3</c>).</summary>
public enum MountStatus : uint
{
    /// <summary>Success.</summary>
    Ok = 0,
    /// <summary>Not owner.</summary>
    Perm = 1,
    /// <summary>No such file or directory.</summary>
    NoEnt = 2,
    /// <summary>I/O error.</summary>
    IO = 5,
    /// <summary>Permission denied (also: not exported to this client).</summary>
    Access = 13,
    /// <summary>Not a directory.</summary>
    NotDir = 20,
    /// <summary>Invalid argument.</summary>
    Invalid = 22,
    /// <summary>Name too long.</summary>
    NameTooLong = 63,
    /// <summary>Not supported.</summary>
    NotSupported = 10004,
    /// <summary>Server fault.</summary>
    ServerFault = 10006,
}

/// <summary>
/// The MOUNT program, versions 1 to 3 (RFC 1813 Appendix I; v1 for showmount's EXPORT/DUMP, whose formats are the
/// same). MNT resolves an export path (or a directory below one, one component at a time through the backend, never
/// following symlinks) to a file handle, for allowed clients only.
/// </summary>
public sealed class MountProgram
{
    /// <summary>The longest path accepted (MNTPATHLEN).</summary>
    public const int MaxPathLength = 1024;

    /// <summary>The lowest version served.</summary>
    public const uint LowVersion = 1;

    /// <summary>The highest version served.</summary>
    public const uint HighVersion = 3;

    /// <summary>The conventional mountd port (Linux rpc.mountd's), used when none is configured.</summary>
    public const int DefaultPort = 20048;

    private readonly NfsServerState _state;
    private readonly ConcurrentDictionary<(string Host, string Path), byte> _mounts = new();

    internal MountProgram(NfsServerState state)
    {
        _state = state;
    }

    internal RpcHandlerStatus Handle(in RpcCallContext context, ref XdrReader args, ref XdrWriter res)
    {
        switch ((MountProcedure)context.Procedure)
        {
            case MountProcedure.Null:
                return RpcHandlerStatus.Success;
            case MountProcedure.Mnt:
                return Mnt(context, ref args, ref res);
            case MountProcedure.Dump:
                foreach ((string host, string path) in _mounts.Keys)
                {
                    res.WriteBoolean(true);
                    res.WriteString(Encoding.UTF8.GetBytes(host));
                    res.WriteString(Encoding.UTF8.GetBytes(path));
                }

                res.WriteBoolean(false);
                return RpcHandlerStatus.Success;
            case MountProcedure.Umnt:
                if (!args.TryReadString(MaxPathLength, out ReadOnlySpan<byte> upath))
                {
                    return RpcHandlerStatus.GarbageArguments;
                }

                _mounts.TryRemove((HostOf(context), Encoding.UTF8.GetString(upath)), out _);
                return RpcHandlerStatus.Success;
            case MountProcedure.UmntAll:
                string me = HostOf(context);
                foreach ((string Host, string Path) key in _mounts.Keys)
                {
                    if (key.Host == me)
                    {
                        _mounts.TryRemove(key, out _);
                    }
                }

                return RpcHandlerStatus.Success;
            case MountProcedure.Export:
                foreach (ExportEntry export in _state.Exports)
                {
                    res.WriteBoolean(true);
                    res.WriteString(Encoding.UTF8.GetBytes(export.Path));
                    foreach (string group in export.Options.AllowedClients)
                    {
                        res.WriteBoolean(true);
                        res.WriteString(Encoding.UTF8.GetBytes(group));
                    }

                    res.WriteBoolean(false);
                }

                res.WriteBoolean(false);
                return RpcHandlerStatus.Success;
            default:
                return RpcHandlerStatus.ProcedureUnavailable;
        }
    }

    private RpcHandlerStatus Mnt(in RpcCallContext context, ref XdrReader args, ref XdrWriter res)
    {
        if (!args.TryReadString(MaxPathLength, out ReadOnlySpan<byte> rawPath))
        {
            return RpcHandlerStatus.GarbageArguments;
        }

        string path = Encoding.UTF8.GetString(rawPath);
        MountStatus status = Resolve(context, path, out ExportEntry? export, out NfsNodeId node);
        _state.Metrics?.RecordMount(status);
        _state.Observer?.Mount(context.Peer, path, status);
        if (context.Version < 3)
        {
            // MOUNT v1/v2 (RFC 1094 Appendix A): fhstatus = status, then a fixed 32-byte handle.
            res.WriteUInt32((uint)status);
            if (status == MountStatus.Ok)
            {
                res.WriteFixedOpaque(NfsFileHandle.Create(export!.Index, node, _state.HandleKey).Span);
            }

            return RpcHandlerStatus.Success;
        }

        res.WriteUInt32((uint)status);
        if (status == MountStatus.Ok)
        {
            res.WriteOpaque(NfsFileHandle.Create(export!.Index, node, _state.HandleKey).Span);
            res.WriteUInt32(1); // auth_flavors<>: AUTH_SYS
            res.WriteUInt32((uint)AuthFlavor.Sys);
            _mounts.TryAdd((HostOf(context), path), 0);
        }

        return RpcHandlerStatus.Success;
    }

    private MountStatus Resolve(in RpcCallContext context, string path, out ExportEntry? export, out NfsNodeId node)
    {
        node = default;
        if (!path.StartsWith('/') || !_state.TryFindExport(path, out export, out string remainder))
        {
            // Not exported: the same answer Linux mountd gives, so probing reveals nothing.
            export = null;
            return MountStatus.Access;
        }

        if (!export.Allows(context.Peer))
        {
            return MountStatus.Access;
        }

        INfsFileSystem fs = export.FileSystem;
        node = fs.Root;
        foreach (string part in remainder.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part is "." or "..")
            {
                return MountStatus.Access;
            }

            Nfs3Status s = fs.Lookup(node, part, out node);
            if (s != Nfs3Status.Ok)
            {
                return s == Nfs3Status.NoEnt ? MountStatus.NoEnt : MountStatus.Access;
            }
        }

        if (fs.GetAttributes(node, out NfsAttributes a) != Nfs3Status.Ok)
        {
            return MountStatus.NoEnt;
        }

        return a.Type == NfsFileType.Directory ? MountStatus.Ok : MountStatus.NotDir;
    }

    private static string HostOf(in RpcCallContext context) => context.Peer?.ToString() ?? "unknown";
}
