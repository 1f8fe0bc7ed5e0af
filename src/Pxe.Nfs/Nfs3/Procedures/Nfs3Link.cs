namespace Pxe.Nfs;

/// <summary>LINK (RFC 1813 §3.3.15): <c>nfs_fh3 file, diropargs3 link</c> → <c>nfsstat3, post_op_attr file, wcc_data linkdir</c>.</summary>
public sealed partial class Nfs3Program
{
    private RpcHandlerStatus Link(in RpcCallContext context, ref XdrReader args, ref XdrWriter res)
    {
        Nfs3Status status = ReadHandle(context, ref args, out ExportEntry? export, out NfsNodeId file, out bool garbage);
        if (garbage)
        {
            return RpcHandlerStatus.GarbageArguments;
        }

        Nfs3Status dirStatus = ReadHandle(context, ref args, out ExportEntry? dirExport, out NfsNodeId dir, out garbage);
        if (garbage || !TryReadName(ref args, out string name, out Nfs3Status nameStatus))
        {
            return RpcHandlerStatus.GarbageArguments;
        }

        PreOp pre = dirStatus == Nfs3Status.Ok ? CapturePreOp(dirExport, dir) : default;
        if (status == Nfs3Status.Ok)
        {
            status = dirStatus != Nfs3Status.Ok ? dirStatus : nameStatus;
        }

        if (status == Nfs3Status.Ok && export != dirExport)
        {
            status = Nfs3Status.XDev;
        }

        if (status == Nfs3Status.Ok)
        {
            status = CheckDirectoryWrite(export!, dir, export!.Squash(context.Caller));
            if (status == Nfs3Status.Ok)
            {
                status = export.FileSystem.Link(file, dir, name);
            }
        }

        WriteStatus(ref res, status);
        WritePostOpAttributes(ref res, export, file);
        WriteWcc(ref res, pre, dirExport, dir);
        return RpcHandlerStatus.Success;
    }
}
