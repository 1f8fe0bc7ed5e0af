namespace Pxe.Nfs;

/// <summary>
/// The struct handler the transports dispatch to (STYLE rule 12): routes portmapper, MOUNT and NFSv3 calls to their
/// programs, any of which may be absent on a given port.
/// </summary>
public readonly struct NfsRpcHandler : IRpcHandler
{
    private readonly PortmapProgram? _portmap;
    private readonly MountProgram? _mount;
    private readonly Nfs3Program? _nfs;
    private readonly NfsMetrics? _metrics;

    /// <summary>Creates a handler over the given programs.</summary>
    public NfsRpcHandler(PortmapProgram? portmap, MountProgram? mount, Nfs3Program? nfs, NfsMetrics? metrics)
    {
        _portmap = portmap;
        _mount = mount;
        _nfs = nfs;
        _metrics = metrics;
    }

    /// <inheritdoc />
    public RpcProgramMatch Match(uint program, uint version, out uint lowVersion, out uint highVersion)
    {
        (bool served, lowVersion, highVersion) = program switch
        {
            RpcProgram.Portmap when _portmap is not null => (true, PortmapProgram.Version, PortmapProgram.Version),
            RpcProgram.Mount when _mount is not null => (true, MountProgram.LowVersion, MountProgram.HighVersion),
            RpcProgram.Nfs when _nfs is not null => (true, Nfs3Limits.Version, Nfs3Limits.Version),
            _ => (false, 0u, 0u),
        };
        if (!served)
        {
            return RpcProgramMatch.ProgramUnavailable;
        }

        // RFC 5531 §9: PROG_MISMATCH carries the range so an NFSv2 or v4 probe falls back to v3.
        return version >= lowVersion && version <= highVersion ? RpcProgramMatch.Served : RpcProgramMatch.VersionMismatch;
    }

    /// <inheritdoc />
    public RpcHandlerStatus Handle(in RpcCallContext context, ref XdrReader arguments, ref XdrWriter results)
    {
        _metrics?.RecordCall(context.Program, context.Procedure);
        return context.Program switch
        {
            RpcProgram.Nfs => _nfs!.Handle(context, ref arguments, ref results),
            RpcProgram.Mount => _mount!.Handle(context, ref arguments, ref results),
            RpcProgram.Portmap => _portmap!.Handle(context, ref arguments, ref results),
            _ => RpcHandlerStatus.ProcedureUnavailable,
        };
    }

    /// <inheritdoc />
    public void PrepareAhead()
    {
        if (_nfs is not null)
        {
            Nfs3Program.PrepareAhead();
        }
    }
}
