namespace Pxe.Nfs;

/// <summary>GETATTR (RFC 1813 §3.3.1): <c>nfs_fh3 object</c> → <c>nfsstat3</c> [<c>fattr3</c>].</summary>
public sealed partial class Nfs3Program
{
    private RpcHandlerStatus GetAttr(in RpcCallContext context, ref XdrReader args, ref XdrWriter res)
    {
        Nfs3Status status = ReadHandle(context, ref args, out ExportEntry? export, out NfsNodeId node, out bool garbage);
        if (garbage)
        {
            return RpcHandlerStatus.GarbageArguments;
        }

        NfsAttributes attributes = default;
        if (status == Nfs3Status.Ok)
        {
            status = export!.FileSystem.GetAttributes(node, out attributes);
        }

        WriteStatus(ref res, status);
        if (status == Nfs3Status.Ok)
        {
            attributes.Write(ref res);
        }

        return RpcHandlerStatus.Success;
    }
}
