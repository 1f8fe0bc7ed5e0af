namespace Pxe.Nfs;

/// <summary>SETATTR (RFC 1813 §3.3.2): <c>nfs_fh3, sattr3, sattrguard3</c> → <c>nfsstat3, wcc_data</c>.</summary>
public sealed partial class Nfs3Program
{
    private RpcHandlerStatus SetAttr(in RpcCallContext context, ref XdrReader args, ref XdrWriter res)
    {
        Nfs3Status status = ReadHandle(context, ref args, out ExportEntry? export, out NfsNodeId node, out bool garbage);
        if (garbage || !NfsSetAttributes.TryRead(ref args, out NfsSetAttributes set) || !args.TryReadBoolean(out bool check))
        {
            return RpcHandlerStatus.GarbageArguments;
        }

        NfsTime guard = default;
        if (check && !NfsAttributes.TryReadTime(ref args, out guard))
        {
            return RpcHandlerStatus.GarbageArguments;
        }

        PreOp pre = status == Nfs3Status.Ok ? CapturePreOp(export, node) : default;
        if (status == Nfs3Status.Ok)
        {
            status = export!.ReadOnly ? Nfs3Status.ReadOnlyFileSystem : export.FileSystem.GetAttributes(node, out NfsAttributes current);
            if (status == Nfs3Status.Ok)
            {
                export.FileSystem.GetAttributes(node, out current);
                RpcCaller caller = export.Squash(context.Caller);
                if (check && (current.ChangeTime != guard))
                {
                    // RFC 1813 §3.3.2: the guard compares the object's ctime.
                    status = Nfs3Status.NotSync;
                }
                else if ((set.Uid.HasValue && set.Uid != current.Uid) || (set.Gid.HasValue && set.Gid != current.Gid && !(caller.Uid == current.Uid && caller.InGroup(set.Gid!.Value))))
                {
                    status = caller.Uid == 0 || (!set.Uid.HasValue || set.Uid == current.Uid) && caller.Uid == current.Uid && caller.InGroup(set.Gid ?? current.Gid) ? Nfs3Status.Ok : Nfs3Status.Perm;
                }
                else if ((set.Mode.HasValue || set.AccessTimeHow == NfsTimeHow.ClientTime || set.ModifyTimeHow == NfsTimeHow.ClientTime) && caller.Uid != 0 && caller.Uid != current.Uid)
                {
                    status = Nfs3Status.Perm;
                }
                else if ((set.Size.HasValue || set.AccessTimeHow == NfsTimeHow.ServerTime || set.ModifyTimeHow == NfsTimeHow.ServerTime) && caller.Uid != current.Uid && !Permits(current, caller, 2))
                {
                    status = Nfs3Status.Access;
                }

                if (status == Nfs3Status.Ok)
                {
                    status = export.FileSystem.SetAttributes(node, set);
                }
            }
        }

        WriteStatus(ref res, status);
        WriteWcc(ref res, pre, export, node);
        return RpcHandlerStatus.Success;
    }
}
