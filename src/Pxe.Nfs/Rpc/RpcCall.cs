using System.Diagnostics;

namespace Pxe.Nfs;

/// <summary>Why an RPC call could not be read.</summary>
public enum RpcCallStatus
{
    /// <summary>The header was read; <see cref="RpcCall.Arguments"/> holds the procedure arguments.</summary>
    Ok,

    /// <summary>Fewer bytes than the xid: nothing can be answered, drop it.</summary>
    TooShort,

    /// <summary>The message type is not CALL (a reply, or garbage): drop it.</summary>
    NotACall,

    /// <summary>The RPC version is not 2: answer MSG_DENIED RPC_MISMATCH.</summary>
    RpcVersionMismatch,

    /// <summary>The header ends early or a credential/verifier is over 400 bytes: answer AUTH_ERROR (bad credential).</summary>
    MalformedHeader,
}

/// <summary>
/// A view of an ONC-RPC call message (RFC 5531 §9):
/// <code>
/// xid | msg_type=CALL(0) | rpcvers=2 | prog | vers | proc | cred{flavor, body&lt;400&gt;} | verf{flavor, body&lt;400&gt;} | args...
/// </code>
/// </summary>
[DebuggerDisplay("xid={Xid} prog={Program} vers={Version} proc={Procedure}")]
public readonly ref struct RpcCall
{
    /// <summary>The transaction id.</summary>
    public uint Xid { get; init; }

    /// <summary>The RPC version (2).</summary>
    public uint RpcVersion { get; init; }

    /// <summary>The program number.</summary>
    public uint Program { get; init; }

    /// <summary>The program version.</summary>
    public uint Version { get; init; }

    /// <summary>The procedure number.</summary>
    public uint Procedure { get; init; }

    /// <summary>The credential flavor.</summary>
    public AuthFlavor CredentialFlavor { get; init; }

    /// <summary>The credential body.</summary>
    public ReadOnlySpan<byte> CredentialBody { get; init; }

    /// <summary>The verifier flavor.</summary>
    public AuthFlavor VerifierFlavor { get; init; }

    /// <summary>The verifier body.</summary>
    public ReadOnlySpan<byte> VerifierBody { get; init; }

    /// <summary>The procedure arguments (the rest of the message).</summary>
    public ReadOnlySpan<byte> Arguments { get; init; }

    /// <summary>The length of the header (everything before <see cref="Arguments"/>).</summary>
    public int HeaderLength { get; init; }

    /// <summary>Reads a call header. On anything but <see cref="RpcCallStatus.Ok"/> only <see cref="Xid"/> (when at least 4 bytes were present) is meaningful.</summary>
    public static RpcCallStatus TryRead(ReadOnlySpan<byte> message, out RpcCall call)
    {
        var reader = new XdrReader(message);
        call = default;
        if (!reader.TryReadUInt32(out uint xid))
        {
            return RpcCallStatus.TooShort;
        }

        call = new RpcCall { Xid = xid };
        if (!reader.TryReadUInt32(out uint type) || type != (uint)RpcMessageType.Call)
        {
            return RpcCallStatus.NotACall;
        }

        if (!reader.TryReadUInt32(out uint rpcvers))
        {
            return RpcCallStatus.MalformedHeader;
        }

        if (rpcvers != RpcLimits.RpcVersion)
        {
            // RFC 5531 §9: a server answers a call of another RPC version with RPC_MISMATCH.
            return RpcCallStatus.RpcVersionMismatch;
        }

        if (!reader.TryReadUInt32(out uint prog)
            || !reader.TryReadUInt32(out uint vers)
            || !reader.TryReadUInt32(out uint proc)
            || !reader.TryReadUInt32(out uint credFlavor)
            || !reader.TryReadOpaque(RpcLimits.MaxAuthBodyLength, out ReadOnlySpan<byte> cred)
            || !reader.TryReadUInt32(out uint verfFlavor)
            || !reader.TryReadOpaque(RpcLimits.MaxAuthBodyLength, out ReadOnlySpan<byte> verf))
        {
            return RpcCallStatus.MalformedHeader;
        }

        call = new RpcCall
        {
            Xid = xid,
            RpcVersion = rpcvers,
            Program = prog,
            Version = vers,
            Procedure = proc,
            CredentialFlavor = (AuthFlavor)credFlavor,
            CredentialBody = cred,
            VerifierFlavor = (AuthFlavor)verfFlavor,
            VerifierBody = verf,
            Arguments = reader.UnreadSpan,
            HeaderLength = reader.Position,
        };
        return RpcCallStatus.Ok;
    }

    /// <summary>Writes a call header with AUTH_SYS (or AUTH_NONE when <paramref name="caller"/> is null) and a null verifier (for clients).</summary>
    public static void WriteHeader(ref XdrWriter writer, uint xid, uint program, uint version, uint procedure, RpcCaller? caller)
    {
        writer.WriteUInt32(xid);
        writer.WriteUInt32((uint)RpcMessageType.Call);
        writer.WriteUInt32(RpcLimits.RpcVersion);
        writer.WriteUInt32(program);
        writer.WriteUInt32(version);
        writer.WriteUInt32(procedure);
        if (caller is { } c)
        {
            writer.WriteUInt32((uint)AuthFlavor.Sys);
            XdrLengthToken token = writer.BeginOpaque();
            Span<uint> groups = stackalloc uint[RpcLimits.MaxAuthSysGroups];
            for (int i = 0; i < c.GroupCount; i++)
            {
                groups[i] = c.GetGroup(i);
            }

            AuthSysCredentials.Write(ref writer, 0, "pxe"u8, c.Uid, c.Gid, groups[..c.GroupCount]);
            writer.EndOpaque(token);
        }
        else
        {
            writer.WriteUInt32((uint)AuthFlavor.None);
            writer.WriteUInt32(0);
        }

        writer.WriteUInt32((uint)AuthFlavor.None);
        writer.WriteUInt32(0);
    }
}
