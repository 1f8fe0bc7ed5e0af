using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Pxe.Nfs;

/// <summary>
/// The NFSv3 program (RFC 1813): decodes each procedure's arguments, checks the file handle and the caller, calls the
/// export's <see cref="INfsFileSystem"/> and encodes the results. One partial file per procedure in <c>Procedures/</c>.
/// </summary>
public sealed partial class Nfs3Program
{
    /// <summary>FSINFO properties: FSF3_LINK | FSF3_SYMLINK | FSF3_HOMOGENEOUS | FSF3_CANSETTIME (RFC 1813 §3.3.19).</summary>
    public const uint FsInfoProperties = 0x1 | 0x2 | 0x8 | 0x10;

    private readonly NfsServerState _state;

    internal Nfs3Program(NfsServerState state)
    {
        _state = state;
    }

    /// <summary>Runs one NFSv3 procedure.</summary>
    internal RpcHandlerStatus Handle(in RpcCallContext context, ref XdrReader args, ref XdrWriter res)
    {
        NfsMetrics? metrics = _state.Metrics;
        int start = res.BytesWritten;
        RpcHandlerStatus status = (Nfs3Procedure)context.Procedure switch
        {
            Nfs3Procedure.Null => RpcHandlerStatus.Success,
            Nfs3Procedure.GetAttr => GetAttr(context, ref args, ref res),
            Nfs3Procedure.SetAttr => SetAttr(context, ref args, ref res),
            Nfs3Procedure.Lookup => Lookup(context, ref args, ref res),
            Nfs3Procedure.Access => Access(context, ref args, ref res),
            Nfs3Procedure.ReadLink => ReadLink(context, ref args, ref res),
            Nfs3Procedure.Read => Read(context, ref args, ref res),
            Nfs3Procedure.Write => Write(context, ref args, ref res),
            Nfs3Procedure.Create => Create(context, ref args, ref res),
            Nfs3Procedure.MkDir => MkDir(context, ref args, ref res),
            Nfs3Procedure.Symlink => Symlink(context, ref args, ref res),
            Nfs3Procedure.MkNod => MkNod(context, ref args, ref res),
            Nfs3Procedure.Remove => Remove(context, ref args, ref res),
            Nfs3Procedure.RmDir => RmDir(context, ref args, ref res),
            Nfs3Procedure.Rename => Rename(context, ref args, ref res),
            Nfs3Procedure.Link => Link(context, ref args, ref res),
            Nfs3Procedure.ReadDir => ReadDir(context, ref args, ref res, plus: false),
            Nfs3Procedure.ReadDirPlus => ReadDir(context, ref args, ref res, plus: true),
            Nfs3Procedure.FsStat => FsStat(context, ref args, ref res),
            Nfs3Procedure.FsInfo => FsInfo(context, ref args, ref res),
            Nfs3Procedure.PathConf => PathConf(context, ref args, ref res),
            Nfs3Procedure.Commit => Commit(context, ref args, ref res),
            _ => RpcHandlerStatus.ProcedureUnavailable,
        };
        if (metrics is not null && status == RpcHandlerStatus.Success && context.Procedure != 0 && res.BytesWritten - start >= 4)
        {
            metrics.RecordNfsStatus(context.Procedure, t_lastStatus);
        }

        return status;
    }

    [ThreadStatic]
    private static Nfs3Status t_lastStatus;

    private static void WriteStatus(ref XdrWriter res, Nfs3Status status)
    {
        t_lastStatus = status;
        res.WriteUInt32((uint)status);
    }

    /// <summary>Reads an nfs_fh3 and resolves it to an export and node; <paramref name="garbage"/> when it cannot be decoded at all.</summary>
    private Nfs3Status ReadHandle(in RpcCallContext context, ref XdrReader args, out ExportEntry? export, out NfsNodeId node, out bool garbage)
    {
        export = null;
        node = default;
        garbage = false;
        if (!args.TryReadOpaque(Nfs3Limits.MaxFileHandleLength, out ReadOnlySpan<byte> raw))
        {
            garbage = true;
            return Nfs3Status.BadHandle;
        }

        // RFC 1813 §2.3.3: a handle that fails our checks is "illegal" (BADHANDLE); one for an export that no longer
        // exists is STALE.
        if (!NfsFileHandle.TryParse(raw, _state.HandleKey, out NfsFileHandle handle))
        {
            _state.Metrics?.RecordBadHandle();
            return Nfs3Status.BadHandle;
        }

        if (handle.ExportIndex >= _state.Exports.Count)
        {
            return Nfs3Status.Stale;
        }

        export = _state.Exports[handle.ExportIndex];
        if (!export.Allows(context.Peer))
        {
            return Nfs3Status.Access;
        }

        node = handle.Node;
        return Nfs3Status.Ok;
    }

    /// <summary>Reads a file name (filename3) and checks it is a single component.</summary>
    private static bool TryReadName(ref XdrReader args, out string name, out Nfs3Status status)
    {
        name = string.Empty;
        status = Nfs3Status.Ok;
        if (!args.TryReadString(XdrLimits.MaxStringLength, out ReadOnlySpan<byte> raw))
        {
            return false;
        }

        if (raw.Length == 0 || raw.IndexOf((byte)'/') >= 0 || raw.IndexOf((byte)0) >= 0)
        {
            status = Nfs3Status.Access;
        }
        else if (raw.Length > Nfs3Limits.MaxNameLength)
        {
            status = Nfs3Status.NameTooLong;
        }
        else
        {
            name = Encoding.UTF8.GetString(raw);
        }

        return true;
    }

    private static void WritePostOpAttributes(ref XdrWriter res, ExportEntry? export, NfsNodeId node)
    {
        if (export is not null && export.FileSystem.GetAttributes(node, out NfsAttributes attributes) == Nfs3Status.Ok)
        {
            res.WriteBoolean(true);
            attributes.Write(ref res);
        }
        else
        {
            res.WriteBoolean(false);
        }
    }

    private void WriteHandle(ref XdrWriter res, ExportEntry export, NfsNodeId node)
    {
        NfsFileHandle handle = NfsFileHandle.Create(export.Index, node, _state.HandleKey);
        res.WriteOpaque(handle.Span);
    }

    private void WritePostOpHandle(ref XdrWriter res, ExportEntry export, NfsNodeId node)
    {
        res.WriteBoolean(true);
        WriteHandle(ref res, export, node);
    }

    private static PreOp CapturePreOp(ExportEntry? export, NfsNodeId node)
    {
        if (export is not null && export.FileSystem.GetAttributes(node, out NfsAttributes a) == Nfs3Status.Ok)
        {
            return new PreOp(true, a.Size, a.ModifyTime, a.ChangeTime);
        }

        return default;
    }

    private static void WriteWcc(ref XdrWriter res, in PreOp pre, ExportEntry? export, NfsNodeId node)
    {
        res.WriteBoolean(pre.Valid);
        if (pre.Valid)
        {
            res.WriteUInt64(pre.Size);
            NfsAttributes.WriteTime(ref res, pre.ModifyTime);
            NfsAttributes.WriteTime(ref res, pre.ChangeTime);
        }

        WritePostOpAttributes(ref res, export, node);
    }

    /// <summary>Unix permission check for the squashed caller: <paramref name="want"/> is r=4, w=2, x=1.</summary>
    private static bool Permits(in NfsAttributes a, in RpcCaller caller, uint want)
    {
        if (caller.Uid == 0)
        {
            // root may do anything except execute a file that has no execute bit at all.
            return (want & 1) == 0 || a.Type == NfsFileType.Directory || (a.Mode & 0b001_001_001) != 0;
        }

        uint bits = caller.Uid == a.Uid ? (a.Mode >> 6) & 7 : caller.InGroup(a.Gid) ? (a.Mode >> 3) & 7 : a.Mode & 7;
        return (bits & want) == want;
    }

    private static Nfs3Status CheckDirectoryWrite(ExportEntry export, NfsNodeId directory, in RpcCaller caller)
    {
        if (export.ReadOnly)
        {
            return Nfs3Status.ReadOnlyFileSystem;
        }

        Nfs3Status status = export.FileSystem.GetAttributes(directory, out NfsAttributes a);
        if (status != Nfs3Status.Ok)
        {
            return status;
        }

        if (a.Type != NfsFileType.Directory)
        {
            return Nfs3Status.NotDir;
        }

        return Permits(a, caller, 3) ? Nfs3Status.Ok : Nfs3Status.Access;
    }

    private readonly record struct PreOp(bool Valid, ulong Size, NfsTime ModifyTime, NfsTime ChangeTime);
}

/// <summary>State shared by the programs of one server: exports, the handle key and the write verifier.</summary>
internal sealed class NfsServerState
{
    public NfsServerState(IReadOnlyList<ExportEntry> exports, byte[] handleKey, NfsMetrics? metrics, NfsObserverInvoker? observer = null)
    {
        Exports = exports;
        HandleKey = handleKey;
        Metrics = metrics;
        Observer = observer;
        RandomNumberGenerator.Fill(WriteVerifier);
    }

    public IReadOnlyList<ExportEntry> Exports { get; }

    public byte[] HandleKey { get; }

    public NfsMetrics? Metrics { get; }

    /// <summary>Told about each MNT answer, or null.</summary>
    public NfsObserverInvoker? Observer { get; }

    /// <summary>Changes on every start so clients re-send uncommitted UNSTABLE writes (RFC 1813 §3.3.7).</summary>
    public byte[] WriteVerifier { get; } = new byte[Nfs3Limits.VerifierLength];

    public bool TryFindExport(string path, [NotNullWhen(true)] out ExportEntry? export, out string remainder)
    {
        string p = path.TrimEnd('/');
        if (p.Length == 0)
        {
            p = "/";
        }

        ExportEntry? best = null;
        remainder = string.Empty;
        foreach (ExportEntry e in Exports)
        {
            if (p == e.Path)
            {
                export = e;
                remainder = string.Empty;
                return true;
            }

            string prefix = e.Path == "/" ? "/" : e.Path + "/";
            if (p.StartsWith(prefix, StringComparison.Ordinal) && (best is null || e.Path.Length > best.Path.Length))
            {
                best = e;
                remainder = p[prefix.Length..];
            }
        }

        export = best;
        return best is not null;
    }
}
