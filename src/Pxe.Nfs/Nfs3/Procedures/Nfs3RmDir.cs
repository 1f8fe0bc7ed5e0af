namespace Pxe.Nfs;

/// <summary>RMDIR (RFC 1813 §3.3.13): <c>diropargs3</c> → <c>nfsstat3, wcc_data dir</c>.</summary>
public sealed partial class Nfs3Program
{
    private RpcHandlerStatus RmDir(in RpcCallContext context, ref XdrReader args, ref XdrWriter res) => RemoveCommon(context, ref args, ref res, directory: true);
}
