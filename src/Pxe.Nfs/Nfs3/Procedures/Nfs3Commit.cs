namespace Pxe.Nfs;

/// <summary>COMMIT (RFC 1813 §3.3.21): <c>nfs_fh3, offset3, count3</c> → <c>nfsstat3, wcc_data</c> [<c>writeverf3</c>].</summary>
public sealed partial class Nfs3Program
{
    private RpcHandlerStatus Commit(in RpcCallContext context, ref XdrReader args, ref XdrWriter res)
    {
        Nfs3Status status = ReadHandle(context, ref args, out ExportEntry? export, out NfsNodeId node, out bool garbage);
        if (garbage || !args.TryReadUInt64(out _) || !args.TryReadUInt32(out _))
        {
            return RpcHandlerStatus.GarbageArguments;
        }

        PreOp pre = status == Nfs3Status.Ok ? CapturePreOp(export, node) : default;
        if (status == Nfs3Status.Ok)
        {
            status = export!.ReadOnly ? Nfs3Status.ReadOnlyFileSystem : export.FileSystem.Commit(node);
        }

        WriteStatus(ref res, status);
        WriteWcc(ref res, pre, export, node);
        if (status == Nfs3Status.Ok)
        {
            res.WriteFixedOpaque(_state.WriteVerifier);
        }

        return RpcHandlerStatus.Success;
    }
}
