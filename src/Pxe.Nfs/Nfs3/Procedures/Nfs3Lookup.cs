namespace Pxe.Nfs;

/// <summary>LOOKUP (RFC 1813 §3.3.3): <c>diropargs3</c> → <c>nfsstat3</c>, OK: <c>nfs_fh3, post_op_attr obj, post_op_attr dir</c>; else <c>post_op_attr dir</c>.</summary>
public sealed partial class Nfs3Program
{
    private RpcHandlerStatus Lookup(in RpcCallContext context, ref XdrReader args, ref XdrWriter res)
    {
        Nfs3Status status = ReadHandle(context, ref args, out ExportEntry? export, out NfsNodeId dir, out bool garbage);
        if (garbage || !TryReadName(ref args, out string name, out Nfs3Status nameStatus))
        {
            return RpcHandlerStatus.GarbageArguments;
        }

        NfsNodeId node = default;
        if (status == Nfs3Status.Ok)
        {
            status = nameStatus;
        }

        if (status == Nfs3Status.Ok)
        {
            status = export!.FileSystem.GetAttributes(dir, out NfsAttributes da);
            if (status == Nfs3Status.Ok)
            {
                if (da.Type != NfsFileType.Directory)
                {
                    status = Nfs3Status.NotDir;
                }
                else if (!Permits(da, export.Squash(context.Caller), 1))
                {
                    status = Nfs3Status.Access;
                }
                else
                {
                    // ".." at the export root stays at the root (the backend guarantees it; RFC 1813 §3.3.3).
                    status = export.FileSystem.Lookup(dir, name, out node);
                }
            }
        }

        WriteStatus(ref res, status);
        if (status == Nfs3Status.Ok)
        {
            WriteHandle(ref res, export!, node);
            WritePostOpAttributes(ref res, export, node);
        }

        WritePostOpAttributes(ref res, export, dir);
        return RpcHandlerStatus.Success;
    }
}
