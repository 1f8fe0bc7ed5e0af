namespace Pxe.Nfs;

/// <summary>ACCESS (RFC 1813 §3.3.4): <c>nfs_fh3, uint32 access</c> → <c>nfsstat3, post_op_attr</c> [<c>uint32 access</c>].</summary>
public sealed partial class Nfs3Program
{
    private RpcHandlerStatus Access(in RpcCallContext context, ref XdrReader args, ref XdrWriter res)
    {
        Nfs3Status status = ReadHandle(context, ref args, out ExportEntry? export, out NfsNodeId node, out bool garbage);
        if (garbage || !args.TryReadUInt32(out uint wanted))
        {
            return RpcHandlerStatus.GarbageArguments;
        }

        NfsAttributes a = default;
        if (status == Nfs3Status.Ok)
        {
            status = export!.FileSystem.GetAttributes(node, out a);
        }

        WriteStatus(ref res, status);
        if (status != Nfs3Status.Ok)
        {
            res.WriteBoolean(false);
            return RpcHandlerStatus.Success;
        }

        res.WriteBoolean(true);
        a.Write(ref res);
        RpcCaller caller = export!.Squash(context.Caller);
        NfsAccess granted = NfsAccess.None;
        if (Permits(a, caller, 4))
        {
            granted |= NfsAccess.Read;
        }

        bool canWrite = !export.ReadOnly && Permits(a, caller, 2);
        if (a.Type == NfsFileType.Directory)
        {
            if (Permits(a, caller, 1))
            {
                granted |= NfsAccess.Lookup;
            }

            if (canWrite && Permits(a, caller, 1))
            {
                granted |= NfsAccess.Modify | NfsAccess.Extend | NfsAccess.Delete;
            }
        }
        else
        {
            if (canWrite)
            {
                granted |= NfsAccess.Modify | NfsAccess.Extend;
            }

            if (Permits(a, caller, 1))
            {
                granted |= NfsAccess.Execute;
            }
        }

        res.WriteUInt32((uint)granted & wanted);
        return RpcHandlerStatus.Success;
    }
}
