using System.Net;

namespace Pxe.Nfs;

/// <summary>Portmapper v2 procedures (RFC 1833 §3).</summary>
public enum PortmapProcedure : uint
{
    /// <summary>NULL.</summary>
    Null = 0,
    /// <summary>SET a mapping.</summary>
    Set = 1,
    /// <summary>UNSET a mapping.</summary>
    Unset = 2,
    /// <summary>GETPORT for a program, version and protocol.</summary>
    GetPort = 3,
    /// <summary>DUMP every mapping.</summary>
    Dump = 4,
    /// <summary>CALLIT (indirect call; not served: an amplification vector).</summary>
    CallIt = 5,
}

/// <summary>One portmapper mapping (RFC 1833 §3, <c>struct mapping</c>).</summary>
/// <param name="Program">The program.</param>
/// <param name="Version">The version.</param>
/// <param name="Protocol">IPPROTO_TCP (6) or IPPROTO_UDP (17).</param>
/// <param name="Port">The port.</param>
public readonly record struct PortmapMapping(uint Program, uint Version, uint Protocol, uint Port)
{
    /// <summary>IPPROTO_TCP.</summary>
    public const uint Tcp = 6;

    /// <summary>IPPROTO_UDP.</summary>
    public const uint Udp = 17;
}

/// <summary>
/// Portmapper version 2 (RFC 1833 §3): NULL, SET, UNSET, GETPORT, DUMP. Versions 3 and 4 (rpcbind) get PROG_MISMATCH
/// 2..2, so libtirpc clients fall back to version 2. SET and UNSET are accepted from loopback only.
/// </summary>
public sealed class PortmapProgram
{
    /// <summary>The portmapper version served.</summary>
    public const uint Version = 2;

    /// <summary>The portmapper port.</summary>
    public const int DefaultPort = 111;

    private readonly List<PortmapMapping> _mappings = [];
    private readonly Lock _lock = new();

    /// <summary>Creates a portmapper with initial mappings.</summary>
    public PortmapProgram(IEnumerable<PortmapMapping> mappings)
    {
        _mappings.AddRange(mappings);
    }

    /// <summary>A snapshot of the mappings.</summary>
    public IReadOnlyList<PortmapMapping> Mappings
    {
        get
        {
            lock (_lock)
            {
                return [.. _mappings];
            }
        }
    }

    internal RpcHandlerStatus Handle(in RpcCallContext context, ref XdrReader args, ref XdrWriter res)
    {
        switch ((PortmapProcedure)context.Procedure)
        {
            case PortmapProcedure.Null:
                return RpcHandlerStatus.Success;
            case PortmapProcedure.Set:
            case PortmapProcedure.Unset:
            {
                if (!TryReadMapping(ref args, out PortmapMapping m))
                {
                    return RpcHandlerStatus.GarbageArguments;
                }

                bool local = context.Peer is { } p && IPAddress.IsLoopback(p.IsIPv4MappedToIPv6 ? p.MapToIPv4() : p);
                bool ok = false;
                if (local)
                {
                    lock (_lock)
                    {
                        if (context.Procedure == (uint)PortmapProcedure.Set)
                        {
                            // RFC 1833 §3: SET fails when the (prog, vers, prot) is already mapped.
                            ok = !_mappings.Exists(x => x.Program == m.Program && x.Version == m.Version && x.Protocol == m.Protocol);
                            if (ok)
                            {
                                _mappings.Add(m);
                            }
                        }
                        else
                        {
                            ok = _mappings.RemoveAll(x => x.Program == m.Program && x.Version == m.Version) > 0;
                        }
                    }
                }

                res.WriteBoolean(ok);
                return RpcHandlerStatus.Success;
            }

            case PortmapProcedure.GetPort:
            {
                if (!TryReadMapping(ref args, out PortmapMapping m))
                {
                    return RpcHandlerStatus.GarbageArguments;
                }

                uint port = 0;
                lock (_lock)
                {
                    foreach (PortmapMapping x in _mappings)
                    {
                        if (x.Program == m.Program && x.Version == m.Version && x.Protocol == m.Protocol)
                        {
                            port = x.Port;
                            break;
                        }
                    }
                }

                res.WriteUInt32(port);
                return RpcHandlerStatus.Success;
            }

            case PortmapProcedure.Dump:
                lock (_lock)
                {
                    foreach (PortmapMapping x in _mappings)
                    {
                        res.WriteBoolean(true);
                        res.WriteUInt32(x.Program);
                        res.WriteUInt32(x.Version);
                        res.WriteUInt32(x.Protocol);
                        res.WriteUInt32(x.Port);
                    }
                }

                res.WriteBoolean(false);
                return RpcHandlerStatus.Success;
            default:
                return RpcHandlerStatus.ProcedureUnavailable;
        }
    }

    private static bool TryReadMapping(ref XdrReader args, out PortmapMapping mapping)
    {
        mapping = default;
        if (args.TryReadUInt32(out uint prog) && args.TryReadUInt32(out uint vers) && args.TryReadUInt32(out uint prot) && args.TryReadUInt32(out uint port))
        {
            mapping = new PortmapMapping(prog, vers, prot, port);
            return true;
        }

        return false;
    }
}
