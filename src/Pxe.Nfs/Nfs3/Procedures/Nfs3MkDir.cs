namespace Pxe.Nfs;

/// <summary>MKDIR (RFC 1813 §3.3.9): <c>diropargs3 where, sattr3</c> → as CREATE.</summary>
public sealed partial class Nfs3Program
{
    private RpcHandlerStatus MkDir(in RpcCallContext context, ref XdrReader args, ref XdrWriter res)
    {
        Nfs3Status status = ReadHandle(context, ref args, out ExportEntry? export, out NfsNodeId dir, out bool garbage);
        if (garbage || !TryReadName(ref args, out string name, out Nfs3Status nameStatus) || !NfsSetAttributes.TryRead(ref args, out NfsSetAttributes set))
        {
            return RpcHandlerStatus.GarbageArguments;
        }

        return FinishCreate(context, ref res, status, nameStatus, export, dir, name, (fs, owner) =>
        {
            Nfs3Status s = fs.MakeDirectory(dir, name, set, owner, out NfsNodeId node);
            return (s, node);
        });
    }
}
