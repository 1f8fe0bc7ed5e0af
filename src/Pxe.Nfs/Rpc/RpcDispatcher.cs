namespace Pxe.Nfs;

/// <summary>The outcome of dispatching one call.</summary>
public enum RpcDispatchResult
{
    /// <summary>A reply was written; send it.</summary>
    Reply,

    /// <summary>Nothing can be answered (too short, not a call, or the handler asked to drop): count it and send nothing.</summary>
    Drop,
}

/// <summary>
/// The RPC engine: decodes a call (RFC 5531 §9), authenticates it (AUTH_NONE, AUTH_SYS; anything else gets AUTH_ERROR),
/// routes it to the handler and writes the reply header and results. No I/O: it is fed a call
/// message and a reply buffer, so tests and captures drive it without a socket.
/// </summary>
public static class RpcDispatcher
{
    /// <summary>Dispatches one call message (no record mark) and writes the reply message into <paramref name="reply"/>.</summary>
    /// <typeparam name="THandler">The program handler; a struct is devirtualised.</typeparam>
    public static RpcDispatchResult Dispatch<THandler>(ref THandler handler, ReadOnlySpan<byte> message, Span<byte> reply, System.Net.IPAddress? peer, RpcTransport transport, out int bytesWritten, out AcceptStatus acceptStatus)
        where THandler : IRpcHandler
    {
        var writer = new XdrWriter(reply);
        bytesWritten = 0;
        acceptStatus = AcceptStatus.Success;
        RpcCallStatus status = RpcCall.TryRead(message, out RpcCall call);
        switch (status)
        {
            case RpcCallStatus.TooShort:
            case RpcCallStatus.NotACall:
                return RpcDispatchResult.Drop;
            case RpcCallStatus.RpcVersionMismatch:
                RpcReplyWriter.WriteRpcMismatch(ref writer, call.Xid);
                return Finish(ref writer, out bytesWritten);
            case RpcCallStatus.MalformedHeader:
                RpcReplyWriter.WriteAuthError(ref writer, call.Xid, AuthStatus.BadCredential);
                return Finish(ref writer, out bytesWritten);
        }

        RpcCaller caller;
        switch (call.CredentialFlavor)
        {
            case AuthFlavor.None:
                caller = RpcCaller.Create(AuthFlavor.None, RpcCaller.NobodyId, RpcCaller.NobodyId);
                break;
            case AuthFlavor.Sys:
                if (!AuthSysCredentials.TryRead(call.CredentialBody, out AuthSysCredentials sys))
                {
                    RpcReplyWriter.WriteAuthError(ref writer, call.Xid, AuthStatus.BadCredential);
                    return Finish(ref writer, out bytesWritten);
                }

                caller = RpcCaller.Create(AuthFlavor.Sys, sys.Uid, sys.Gid);
                for (int i = 0; i < sys.GroupCount; i++)
                {
                    caller.AddGroup(sys.GetGroup(i));
                }

                break;
            default:
                // RFC 5531 §9: flavors we do not implement (RPCSEC_GSS, AUTH_DH) are refused; the client may retry with AUTH_SYS.
                RpcReplyWriter.WriteAuthError(ref writer, call.Xid, AuthStatus.TooWeak);
                return Finish(ref writer, out bytesWritten);
        }

        switch (handler.Match(call.Program, call.Version, out uint low, out uint high))
        {
            case RpcProgramMatch.ProgramUnavailable:
                acceptStatus = AcceptStatus.ProgramUnavailable;
                RpcReplyWriter.WriteAccepted(ref writer, call.Xid, AcceptStatus.ProgramUnavailable);
                return Finish(ref writer, out bytesWritten);
            case RpcProgramMatch.VersionMismatch:
                acceptStatus = AcceptStatus.ProgramMismatch;
                RpcReplyWriter.WriteProgramMismatch(ref writer, call.Xid, low, high);
                return Finish(ref writer, out bytesWritten);
        }

        RpcReplyWriter.WriteAccepted(ref writer, call.Xid, AcceptStatus.Success);
        int resultsStart = writer.BytesWritten;
        var context = new RpcCallContext(call.Xid, call.Program, call.Version, call.Procedure, caller, peer, transport);
        var arguments = new XdrReader(call.Arguments);
        RpcHandlerStatus handled;
        try
        {
            handled = handler.Handle(in context, ref arguments, ref writer);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            handled = RpcHandlerStatus.SystemError;
        }

        if (handled == RpcHandlerStatus.Success && writer.HasOverflowed)
        {
            handled = RpcHandlerStatus.SystemError;
        }

        if (handled == RpcHandlerStatus.Drop)
        {
            return RpcDispatchResult.Drop;
        }

        if (handled != RpcHandlerStatus.Success)
        {
            acceptStatus = handled switch
            {
                RpcHandlerStatus.ProcedureUnavailable => AcceptStatus.ProcedureUnavailable,
                RpcHandlerStatus.GarbageArguments => AcceptStatus.GarbageArguments,
                _ => AcceptStatus.SystemError,
            };
            writer.Rewind(resultsStart - 4);
            writer.WriteUInt32((uint)acceptStatus);
        }

        return Finish(ref writer, out bytesWritten);
    }

    private static RpcDispatchResult Finish(ref XdrWriter writer, out int bytesWritten)
    {
        if (writer.HasOverflowed)
        {
            bytesWritten = 0;
            return RpcDispatchResult.Drop;
        }

        bytesWritten = writer.BytesWritten;
        return RpcDispatchResult.Reply;
    }
}
