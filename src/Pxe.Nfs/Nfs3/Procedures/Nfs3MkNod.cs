namespace Pxe.Nfs;

/// <summary>MKNOD (RFC 1813 §3.3.11): <c>diropargs3 where, mknoddata3 (CHR|BLK: sattr3, specdata3; SOCK|FIFO: sattr3)</c> → as CREATE.</summary>
public sealed partial class Nfs3Program
{
    private RpcHandlerStatus MkNod(in RpcCallContext context, ref XdrReader args, ref XdrWriter res)
    {
        Nfs3Status status = ReadHandle(context, ref args, out ExportEntry? export, out NfsNodeId dir, out bool garbage);
        if (garbage || !TryReadName(ref args, out string name, out Nfs3Status nameStatus) || !args.TryReadUInt32(out uint rawType))
        {
            return RpcHandlerStatus.GarbageArguments;
        }

        var type = (NfsFileType)rawType;
        NfsSetAttributes set = default;
        uint major = 0, minor = 0;
        switch (type)
        {
            case NfsFileType.Character:
            case NfsFileType.Block:
                if (!NfsSetAttributes.TryRead(ref args, out set) || !args.TryReadUInt32(out major) || !args.TryReadUInt32(out minor))
                {
                    return RpcHandlerStatus.GarbageArguments;
                }

                break;
            case NfsFileType.Socket:
            case NfsFileType.Fifo:
                if (!NfsSetAttributes.TryRead(ref args, out set))
                {
                    return RpcHandlerStatus.GarbageArguments;
                }

                break;
            default:
                // RFC 1813 §3.3.11: other types are answered NFS3ERR_BADTYPE.
                if (nameStatus == Nfs3Status.Ok)
                {
                    nameStatus = Nfs3Status.BadType;
                }

                break;
        }

        if (nameStatus == Nfs3Status.Ok && type is NfsFileType.Character or NfsFileType.Block && export is not null && export.Squash(context.Caller).Uid != 0)
        {
            nameStatus = Nfs3Status.Perm;
        }

        return FinishCreate(context, ref res, status, nameStatus, export, dir, name, (fs, owner) =>
        {
            Nfs3Status s = fs.MakeNode(dir, name, type, major, minor, set, owner, out NfsNodeId node);
            return (s, node);
        });
    }
}
