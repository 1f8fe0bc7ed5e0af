namespace Pxe.Nfs;

/// <summary>RENAME (RFC 1813 §3.3.14): <c>diropargs3 from, diropargs3 to</c> → <c>nfsstat3, wcc_data fromdir, wcc_data todir</c>.</summary>
public sealed partial class Nfs3Program
{
    private RpcHandlerStatus Rename(in RpcCallContext context, ref XdrReader args, ref XdrWriter res)
    {
        Nfs3Status status = ReadHandle(context, ref args, out ExportEntry? fromExport, out NfsNodeId fromDir, out bool garbage);
        if (garbage || !TryReadName(ref args, out string fromName, out Nfs3Status fromNameStatus))
        {
            return RpcHandlerStatus.GarbageArguments;
        }

        Nfs3Status toStatus = ReadHandle(context, ref args, out ExportEntry? toExport, out NfsNodeId toDir, out garbage);
        if (garbage || !TryReadName(ref args, out string toName, out Nfs3Status toNameStatus))
        {
            return RpcHandlerStatus.GarbageArguments;
        }

        PreOp fromPre = status == Nfs3Status.Ok ? CapturePreOp(fromExport, fromDir) : default;
        PreOp toPre = toStatus == Nfs3Status.Ok ? CapturePreOp(toExport, toDir) : default;
        if (status == Nfs3Status.Ok)
        {
            status = toStatus != Nfs3Status.Ok ? toStatus : fromNameStatus != Nfs3Status.Ok ? fromNameStatus : toNameStatus;
        }

        if (status == Nfs3Status.Ok && fromExport != toExport)
        {
            status = Nfs3Status.XDev;
        }

        if (status == Nfs3Status.Ok)
        {
            RpcCaller caller = fromExport!.Squash(context.Caller);
            status = CheckDirectoryWrite(fromExport, fromDir, caller);
            if (status == Nfs3Status.Ok)
            {
                status = CheckDirectoryWrite(fromExport, toDir, caller);
            }

            if (status == Nfs3Status.Ok)
            {
                status = fromExport.FileSystem.Rename(fromDir, fromName, toDir, toName);
            }
        }

        WriteStatus(ref res, status);
        WriteWcc(ref res, fromPre, fromExport, fromDir);
        WriteWcc(ref res, toPre, toExport, toDir);
        return RpcHandlerStatus.Success;
    }
}
