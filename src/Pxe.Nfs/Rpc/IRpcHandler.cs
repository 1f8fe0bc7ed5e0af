using System.Net;

namespace Pxe.Nfs;

/// <summary>Whether a handler serves a program and version.</summary>
public enum RpcProgramMatch
{
    /// <summary>Served: the call is dispatched.</summary>
    Served,

    /// <summary>The program is not served (PROG_UNAVAIL).</summary>
    ProgramUnavailable,

    /// <summary>The program is served in other versions (PROG_MISMATCH with the low and high versions).</summary>
    VersionMismatch,
}

/// <summary>What a procedure handler did with a call.</summary>
public enum RpcHandlerStatus
{
    /// <summary>Results were written.</summary>
    Success,

    /// <summary>The procedure number is unknown (PROC_UNAVAIL).</summary>
    ProcedureUnavailable,

    /// <summary>The arguments could not be decoded (GARBAGE_ARGS).</summary>
    GarbageArguments,

    /// <summary>The server failed (SYSTEM_ERR).</summary>
    SystemError,

    /// <summary>Send no reply at all.</summary>
    Drop,
}

/// <summary>The transport a call arrived on.</summary>
public enum RpcTransport
{
    /// <summary>TCP with record marking.</summary>
    Tcp,

    /// <summary>UDP datagrams.</summary>
    Udp,
}

/// <summary>What a procedure knows about the call it serves.</summary>
public readonly struct RpcCallContext
{
    /// <summary>Creates a context.</summary>
    public RpcCallContext(uint xid, uint program, uint version, uint procedure, RpcCaller caller, IPAddress? peer, RpcTransport transport)
    {
        Xid = xid;
        Program = program;
        Version = version;
        Procedure = procedure;
        Caller = caller;
        Peer = peer;
        Transport = transport;
    }

    /// <summary>The transaction id.</summary>
    public uint Xid { get; }

    /// <summary>The program number.</summary>
    public uint Program { get; }

    /// <summary>The program version.</summary>
    public uint Version { get; }

    /// <summary>The procedure number.</summary>
    public uint Procedure { get; }

    /// <summary>The caller's identity from its credential.</summary>
    public RpcCaller Caller { get; }

    /// <summary>The caller's address, when known.</summary>
    public IPAddress? Peer { get; }

    /// <summary>The transport.</summary>
    public RpcTransport Transport { get; }
}

/// <summary>
/// Serves one or more RPC programs. <see cref="RpcDispatcher"/> is generic over this interface so a struct
/// implementation is called without virtual dispatch (STYLE rule 12).
/// </summary>
public interface IRpcHandler
{
    /// <summary>Says whether <paramref name="program"/> <paramref name="version"/> is served; on a version mismatch gives the supported range.</summary>
    RpcProgramMatch Match(uint program, uint version, out uint lowVersion, out uint highVersion);

    /// <summary>Runs a procedure: reads its arguments from <paramref name="arguments"/> and writes its results (after the reply header) to <paramref name="results"/>.</summary>
    RpcHandlerStatus Handle(in RpcCallContext context, ref XdrReader arguments, ref XdrWriter results);

    /// <summary>
    /// Called by a transport on the thread that handled the last call, once its replies are sent and before it waits
    /// for the connection's next call: time for work that the next call will want (the rest of a directory being
    /// listed). It must be bounded and must not change what any call answers; the default does nothing.
    /// </summary>
    void PrepareAhead()
    {
    }
}
