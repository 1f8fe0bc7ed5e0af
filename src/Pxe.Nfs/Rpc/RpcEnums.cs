namespace Pxe.Nfs;

/// <summary>An RPC message type (RFC 5531 §9, <c>msg_type</c>).</summary>
public enum RpcMessageType : uint
{
    /// <summary>A call.</summary>
    Call = 0,

    /// <summary>A reply.</summary>
    Reply = 1,
}

/// <summary>Whether a reply was accepted or denied (RFC 5531 §9, <c>reply_stat</c>).</summary>
public enum RpcReplyStatus : uint
{
    /// <summary>The call was accepted; an <see cref="AcceptStatus"/> follows.</summary>
    Accepted = 0,

    /// <summary>The call was denied; a <see cref="RejectStatus"/> follows.</summary>
    Denied = 1,
}

/// <summary>The outcome of an accepted call (RFC 5531 §9, <c>accept_stat</c>).</summary>
public enum AcceptStatus : uint
{
    /// <summary>Executed successfully; results follow.</summary>
    Success = 0,

    /// <summary>The program is not served here.</summary>
    ProgramUnavailable = 1,

    /// <summary>The program is served, not in this version; the supported low and high versions follow.</summary>
    ProgramMismatch = 2,

    /// <summary>The procedure is not known.</summary>
    ProcedureUnavailable = 3,

    /// <summary>The arguments could not be decoded.</summary>
    GarbageArguments = 4,

    /// <summary>A server error (for example memory), not the caller's fault.</summary>
    SystemError = 5,
}

/// <summary>Why a call was denied (RFC 5531 §9, <c>reject_stat</c>).</summary>
public enum RejectStatus : uint
{
    /// <summary>The RPC version is not 2; the supported low and high versions follow.</summary>
    RpcMismatch = 0,

    /// <summary>Authentication failed; an <see cref="AuthStatus"/> follows.</summary>
    AuthError = 1,
}

/// <summary>Why authentication failed (RFC 5531 §9, <c>auth_stat</c>).</summary>
public enum AuthStatus : uint
{
    /// <summary>Success (not used in a denial).</summary>
    Ok = 0,

    /// <summary>Bad credential (seal broken), also used for malformed or unknown credentials.</summary>
    BadCredential = 1,

    /// <summary>The client must begin a new session.</summary>
    RejectedCredential = 2,

    /// <summary>Bad verifier.</summary>
    BadVerifier = 3,

    /// <summary>The verifier expired or was replayed.</summary>
    RejectedVerifier = 4,

    /// <summary>Rejected for security reasons: the flavor is too weak.</summary>
    TooWeak = 5,
}

/// <summary>An authentication flavor (RFC 5531 §8.2, §A).</summary>
public enum AuthFlavor : uint
{
    /// <summary>AUTH_NONE: no credentials.</summary>
    None = 0,

    /// <summary>AUTH_SYS (AUTH_UNIX): uid, gid and groups, as the client claims them.</summary>
    Sys = 1,

    /// <summary>AUTH_SHORT.</summary>
    Short = 2,

    /// <summary>AUTH_DH.</summary>
    Dh = 3,

    /// <summary>RPCSEC_GSS (RFC 2203).</summary>
    RpcSecGss = 6,
}

/// <summary>ONC-RPC program numbers served by this package.</summary>
public static class RpcProgram
{
    /// <summary>The portmapper / rpcbind (RFC 1833).</summary>
    public const uint Portmap = 100000;

    /// <summary>NFS (RFC 1813).</summary>
    public const uint Nfs = 100003;

    /// <summary>MOUNT (RFC 1813 Appendix I).</summary>
    public const uint Mount = 100005;
}

/// <summary>ONC-RPC limits.</summary>
public static class RpcLimits
{
    /// <summary>The only RPC protocol version (RFC 5531 §9).</summary>
    public const uint RpcVersion = 2;

    /// <summary>The largest credential or verifier body (RFC 5531 §8.2).</summary>
    public const int MaxAuthBodyLength = 400;

    /// <summary>The largest AUTH_SYS machine name (RFC 5531 Appendix A).</summary>
    public const int MaxMachineNameLength = 255;

    /// <summary>The most supplementary groups in AUTH_SYS (RFC 5531 Appendix A).</summary>
    public const int MaxAuthSysGroups = 16;

    /// <summary>The default largest TCP record, all fragments together: a 1 MiB WRITE plus headers (1 MiB + 64 KiB).</summary>
    public const int DefaultMaxRecordLength = (1024 * 1024) + (64 * 1024);

    /// <summary>The most fragments one record may have before the connection is refused (guards against 0-byte fragment floods).</summary>
    public const int MaxFragmentsPerRecord = 4096;

    /// <summary>The largest UDP datagram this package receives or sends.</summary>
    public const int MaxDatagramLength = 65507;

    /// <summary>The space a reply buffer keeps for the record mark, RPC reply header and procedure status, on top of payload.</summary>
    public const int ReplyHeaderReserve = 4096;
}
