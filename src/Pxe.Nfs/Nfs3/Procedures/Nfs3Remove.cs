namespace Pxe.Nfs;

/// <summary>REMOVE (RFC 1813 §3.3.12): <c>diropargs3</c> → <c>nfsstat3, wcc_data dir</c>.</summary>
public sealed partial class Nfs3Program
{
    private RpcHandlerStatus Remove(in RpcCallContext context, ref XdrReader args, ref XdrWriter res) => RemoveCommon(context, ref args, ref res, directory: false);

    private RpcHandlerStatus RemoveCommon(in RpcCallContext context, ref XdrReader args, ref XdrWriter res, bool directory)
    {
        Nfs3Status status = ReadHandle(context, ref args, out ExportEntry? export, out NfsNodeId dir, out bool garbage);
        if (garbage || !TryReadName(ref args, out string name, out Nfs3Status nameStatus))
        {
            return RpcHandlerStatus.GarbageArguments;
        }

        PreOp pre = status == Nfs3Status.Ok ? CapturePreOp(export, dir) : default;
        if (status == Nfs3Status.Ok)
        {
            status = nameStatus;
        }

        if (status == Nfs3Status.Ok)
        {
            status = CheckDirectoryWrite(export!, dir, export!.Squash(context.Caller));
        }

        if (status == Nfs3Status.Ok)
        {
            status = directory ? export!.FileSystem.RemoveDirectory(dir, name) : export!.FileSystem.Remove(dir, name);
        }

        WriteStatus(ref res, status);
        WriteWcc(ref res, pre, export, dir);
        return RpcHandlerStatus.Success;
    }
}
