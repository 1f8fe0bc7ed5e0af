using System.Net;
using System.Net.Sockets;

namespace Pxe.Nfs;

/// <summary>
/// Registers mappings with a portmapper that already runs on this machine (the system's rpcbind) when port 111 is
/// taken, and removes them again on dispose — what knfsd's rpc.mountd and rpc.nfsd do through libtirpc.
/// </summary>
/// <remarks>
/// RFC 1833 §3.1 (portmap version 2): <c>PMAPPROC_SET</c> (1) and <c>PMAPPROC_UNSET</c> (2) take a
/// <c>mapping {prog, vers, prot, port}</c> and return a bool. rpcbind accepts them only from the local machine and,
/// unless started with <c>-i</c>, from a reserved source port, so the calls go over UDP to 127.0.0.1 from a port
/// below 1024 (root or CAP_NET_BIND_SERVICE). A stale mapping for the same program, version and protocol (a previous
/// run killed with <c>kill -9</c>) would make SET fail, so every program and version is UNSET first.
/// </remarks>
public sealed class PortmapRegistration : IDisposable
{
    /// <summary>How long to wait for each answer before trying again (3 tries).</summary>
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromMilliseconds(500);

    private const int Attempts = 3;

    /// <summary>The lowest and highest source port tried (the bindresvport(3) range).</summary>
    private const int LowestReservedPort = 600;
    private const int HighestReservedPort = 1023;

    private readonly IPEndPoint _portmapper;
    private readonly List<PortmapMapping> _registered = [];
    private uint _xid = (uint)Environment.TickCount;

    private PortmapRegistration(IPEndPoint portmapper)
    {
        _portmapper = portmapper;
    }

    /// <summary>The mappings this instance registered (and will remove).</summary>
    public IReadOnlyList<PortmapMapping> Registered => _registered;

    /// <summary>
    /// Registers <paramref name="mappings"/> with the portmapper on 127.0.0.1:<paramref name="port"/>; throws
    /// <see cref="IOException"/> naming the mapping the portmapper refused or did not answer for.
    /// </summary>
    public static PortmapRegistration Register(IEnumerable<PortmapMapping> mappings, int port = PortmapProgram.DefaultPort)
    {
        ArgumentNullException.ThrowIfNull(mappings);
        var registration = new PortmapRegistration(new IPEndPoint(IPAddress.Loopback, port));
        try
        {
            PortmapMapping[] all = [.. mappings];

            // UNSET ignores the protocol and port (RFC 1833 §3.1): it removes every mapping of the program and
            // version, so it runs once per pair, before any SET.
            foreach (PortmapMapping stale in all.DistinctBy(m => (m.Program, m.Version)))
            {
                registration.Call(PortmapProcedure.Unset, stale);
            }

            foreach (PortmapMapping m in all)
            {
                if (!registration.Call(PortmapProcedure.Set, m))
                {
                    throw new IOException($"the portmapper on {registration._portmapper} refused to register program {m.Program} version {m.Version} ({ProtocolName(m.Protocol)} port {m.Port})");
                }

                registration._registered.Add(m);
            }
        }
        catch
        {
            registration.Dispose();
            throw;
        }

        return registration;
    }

    /// <summary>Removes every mapping registered (best effort: the portmapper may be gone).</summary>
    public void Dispose()
    {
        foreach (PortmapMapping m in _registered.DistinctBy(m => (m.Program, m.Version)))
        {
            try
            {
                Call(PortmapProcedure.Unset, m);
            }
            catch (IOException)
            {
                // Nobody to tell any more.
            }
        }

        _registered.Clear();
    }

    private static string ProtocolName(uint protocol) => protocol == PortmapMapping.Tcp ? "tcp" : protocol == PortmapMapping.Udp ? "udp" : protocol.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>One SET or UNSET; returns the portmapper's bool.</summary>
    private bool Call(PortmapProcedure procedure, PortmapMapping mapping)
    {
        using Socket socket = BindReservedPort();
        socket.ReceiveTimeout = (int)AnswerTimeout.TotalMilliseconds;
        socket.Connect(_portmapper); // connected, so an ICMP port unreachable surfaces as ConnectionRefused
        Span<byte> call = stackalloc byte[128];
        Span<byte> answer = stackalloc byte[128];
        uint xid = unchecked(++_xid);
        var w = new XdrWriter(call);
        RpcCall.WriteHeader(ref w, xid, RpcProgram.Portmap, PortmapProgram.Version, (uint)procedure, RpcCaller.Create(AuthFlavor.Sys, 0, 0));
        w.WriteUInt32(mapping.Program);
        w.WriteUInt32(mapping.Version);
        w.WriteUInt32(mapping.Protocol);
        w.WriteUInt32(mapping.Port);
        int length = w.BytesWritten;
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            try
            {
                socket.Send(call[..length]);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused)
            {
                throw new IOException($"no portmapper answers on {_portmapper}", ex);
            }

            while (true)
            {
                int n;
                try
                {
                    n = socket.Receive(answer);
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
                {
                    break; // send again
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
                {
                    throw new IOException($"no portmapper answers on {_portmapper}", ex);
                }

                var r = new XdrReader(answer[..n]);
                if (!RpcReplyHeader.TryRead(ref r, out RpcReplyHeader header) || header.Xid != xid)
                {
                    continue; // a late answer to an earlier attempt, or noise
                }

                if (header.ReplyStatus != RpcReplyStatus.Accepted || header.AcceptStatus != AcceptStatus.Success || !r.TryReadUInt32(out uint result))
                {
                    throw new IOException($"the portmapper on {_portmapper} rejected {procedure}: {header.ReplyStatus} {header.AcceptStatus} {header.RejectStatus}");
                }

                return result != 0;
            }
        }

        throw new IOException($"the portmapper on {_portmapper} did not answer {procedure} for program {mapping.Program} in {Attempts} tries");
    }

    private static Socket BindReservedPort()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        for (int port = HighestReservedPort; port >= LowestReservedPort; port--)
        {
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return socket;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressAlreadyInUse)
            {
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AccessDenied)
            {
                socket.Dispose();
                throw new IOException("registering with the system portmapper needs a reserved source port: run as root (or give CAP_NET_BIND_SERVICE), or pass --no-portmap", ex);
            }
        }

        socket.Dispose();
        throw new IOException($"no free reserved source port ({LowestReservedPort}–{HighestReservedPort}) to call the portmapper from");
    }
}
