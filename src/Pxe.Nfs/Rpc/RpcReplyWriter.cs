namespace Pxe.Nfs;

/// <summary>
/// Writes ONC-RPC reply headers (RFC 5531 §9):
/// <code>
/// xid | REPLY(1) | MSG_ACCEPTED(0) | verf{AUTH_NONE, 0} | accept_stat [| mismatch_info{low, high}]
/// xid | REPLY(1) | MSG_DENIED(1)   | RPC_MISMATCH(0) | low | high
/// xid | REPLY(1) | MSG_DENIED(1)   | AUTH_ERROR(1)   | auth_stat
/// </code>
/// </summary>
public static class RpcReplyWriter
{
    /// <summary>The bytes of an accepted reply header with a null verifier: 24.</summary>
    public const int AcceptedHeaderLength = 24;

    /// <summary>Writes an accepted reply header; results (or mismatch info) follow.</summary>
    public static void WriteAccepted(ref XdrWriter writer, uint xid, AcceptStatus status)
    {
        writer.WriteUInt32(xid);
        writer.WriteUInt32((uint)RpcMessageType.Reply);
        writer.WriteUInt32((uint)RpcReplyStatus.Accepted);
        writer.WriteUInt32((uint)AuthFlavor.None);
        writer.WriteUInt32(0);
        writer.WriteUInt32((uint)status);
    }

    /// <summary>Writes PROG_MISMATCH with the lowest and highest supported versions (RFC 5531 §9).</summary>
    public static void WriteProgramMismatch(ref XdrWriter writer, uint xid, uint low, uint high)
    {
        WriteAccepted(ref writer, xid, AcceptStatus.ProgramMismatch);
        writer.WriteUInt32(low);
        writer.WriteUInt32(high);
    }

    /// <summary>Writes MSG_DENIED RPC_MISMATCH (we speak RPC version 2 only).</summary>
    public static void WriteRpcMismatch(ref XdrWriter writer, uint xid)
    {
        writer.WriteUInt32(xid);
        writer.WriteUInt32((uint)RpcMessageType.Reply);
        writer.WriteUInt32((uint)RpcReplyStatus.Denied);
        writer.WriteUInt32((uint)RejectStatus.RpcMismatch);
        writer.WriteUInt32(RpcLimits.RpcVersion);
        writer.WriteUInt32(RpcLimits.RpcVersion);
    }

    /// <summary>Writes MSG_DENIED AUTH_ERROR with <paramref name="status"/>.</summary>
    public static void WriteAuthError(ref XdrWriter writer, uint xid, AuthStatus status)
    {
        writer.WriteUInt32(xid);
        writer.WriteUInt32((uint)RpcMessageType.Reply);
        writer.WriteUInt32((uint)RpcReplyStatus.Denied);
        writer.WriteUInt32((uint)RejectStatus.AuthError);
        writer.WriteUInt32((uint)status);
    }
}

/// <summary>A decoded reply header (for clients and capture replays).</summary>
/// <param name="Xid">The transaction id.</param>
/// <param name="ReplyStatus">Accepted or denied.</param>
/// <param name="AcceptStatus">The accept status when accepted.</param>
/// <param name="RejectStatus">The reject status when denied.</param>
/// <param name="Low">The low version of a mismatch, or the auth_stat of an AUTH_ERROR.</param>
/// <param name="High">The high version of a mismatch.</param>
public readonly record struct RpcReplyHeader(uint Xid, RpcReplyStatus ReplyStatus, AcceptStatus AcceptStatus, RejectStatus RejectStatus, uint Low, uint High)
{
    /// <summary>Reads a reply header; on success <paramref name="reader"/> is positioned at the results.</summary>
    public static bool TryRead(ref XdrReader reader, out RpcReplyHeader header)
    {
        header = default;
        XdrReader r = reader;
        if (!r.TryReadUInt32(out uint xid) || !r.TryReadUInt32(out uint type) || type != (uint)RpcMessageType.Reply
            || !r.TryReadUInt32(out uint stat))
        {
            return false;
        }

        if (stat == (uint)RpcReplyStatus.Accepted)
        {
            if (!r.TryReadUInt32(out _) || !r.TryReadOpaque(RpcLimits.MaxAuthBodyLength, out _) || !r.TryReadUInt32(out uint accept))
            {
                return false;
            }

            uint low = 0, high = 0;
            if (accept == (uint)AcceptStatus.ProgramMismatch && (!r.TryReadUInt32(out low) || !r.TryReadUInt32(out high)))
            {
                return false;
            }

            header = new RpcReplyHeader(xid, RpcReplyStatus.Accepted, (AcceptStatus)accept, default, low, high);
            reader = r;
            return true;
        }

        if (stat == (uint)RpcReplyStatus.Denied && r.TryReadUInt32(out uint reject))
        {
            if (reject == (uint)RejectStatus.RpcMismatch && r.TryReadUInt32(out uint lo) && r.TryReadUInt32(out uint hi))
            {
                header = new RpcReplyHeader(xid, RpcReplyStatus.Denied, default, RejectStatus.RpcMismatch, lo, hi);
                reader = r;
                return true;
            }

            if (reject == (uint)RejectStatus.AuthError && r.TryReadUInt32(out uint auth))
            {
                header = new RpcReplyHeader(xid, RpcReplyStatus.Denied, default, RejectStatus.AuthError, auth, 0);
                reader = r;
                return true;
            }
        }

        return false;
    }
}
