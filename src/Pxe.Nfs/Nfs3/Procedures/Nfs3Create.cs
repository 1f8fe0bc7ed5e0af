using System.Buffers.Binary;

namespace Pxe.Nfs;

/// <summary>
/// CREATE (RFC 1813 §3.3.8): <c>diropargs3 where, createhow3 (UNCHECKED|GUARDED: sattr3; EXCLUSIVE: createverf3)</c> →
/// <c>nfsstat3</c>, OK: <c>post_op_fh3, post_op_attr, wcc_data dir</c>; else <c>wcc_data dir</c>. The shape is shared by
/// MKDIR, SYMLINK and MKNOD.
/// </summary>
public sealed partial class Nfs3Program
{
    private RpcHandlerStatus Create(in RpcCallContext context, ref XdrReader args, ref XdrWriter res)
    {
        Nfs3Status status = ReadHandle(context, ref args, out ExportEntry? export, out NfsNodeId dir, out bool garbage);
        if (garbage || !TryReadName(ref args, out string name, out Nfs3Status nameStatus) || !args.TryReadUInt32(out uint how) || how > 2)
        {
            return RpcHandlerStatus.GarbageArguments;
        }

        NfsSetAttributes set = default;
        ulong verifier = 0;
        if (how == (uint)NfsCreateMode.Exclusive)
        {
            if (!args.TryReadFixedOpaque(Nfs3Limits.VerifierLength, out ReadOnlySpan<byte> verf))
            {
                return RpcHandlerStatus.GarbageArguments;
            }

            verifier = BinaryPrimitives.ReadUInt64BigEndian(verf);
        }
        else if (!NfsSetAttributes.TryRead(ref args, out set))
        {
            return RpcHandlerStatus.GarbageArguments;
        }

        return FinishCreate(context, ref res, status, nameStatus, export, dir, name, (fs, owner) =>
        {
            Nfs3Status s = fs.Create(dir, name, (NfsCreateMode)how, set, verifier, owner, out NfsNodeId node);
            return (s, node);
        });
    }

    private RpcHandlerStatus FinishCreate(in RpcCallContext context, ref XdrWriter res, Nfs3Status status, Nfs3Status nameStatus, ExportEntry? export, NfsNodeId dir, string name, Func<INfsFileSystem, NfsOwner, (Nfs3Status Status, NfsNodeId Node)> create)
    {
        _ = name;
        PreOp pre = status == Nfs3Status.Ok ? CapturePreOp(export, dir) : default;
        NfsNodeId node = default;
        if (status == Nfs3Status.Ok)
        {
            status = nameStatus;
        }

        if (status == Nfs3Status.Ok)
        {
            RpcCaller caller = export!.Squash(context.Caller);
            status = CheckDirectoryWrite(export, dir, caller);
            if (status == Nfs3Status.Ok)
            {
                (status, node) = create(export.FileSystem, new NfsOwner(caller.Uid, caller.Gid));
            }
        }

        WriteStatus(ref res, status);
        if (status == Nfs3Status.Ok)
        {
            WritePostOpHandle(ref res, export!, node);
            WritePostOpAttributes(ref res, export, node);
        }

        WriteWcc(ref res, pre, export, dir);
        return RpcHandlerStatus.Success;
    }
}
