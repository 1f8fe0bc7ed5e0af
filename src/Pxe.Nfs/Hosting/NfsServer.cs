using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Pxe.Nfs;

/// <summary>
/// The NFS server as a hosted service: portmapper (111, TCP and UDP), MOUNT and NFSv3 on one port (2049, TCP and UDP),
/// optionally MOUNT on its own port too.
/// </summary>
public sealed class NfsServer : BackgroundService
{
    private readonly NfsServerOptions _options;
    private readonly ILogger _logger;
    private readonly NfsMetrics _metrics;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<IDisposable> _owned = [];
    private readonly INfsFileSystemProvider? _provider;
    private readonly NfsObserverInvoker? _observer;
    private RpcPipeConnection<NfsRpcHandler>? _connections;

    /// <summary>Creates the server.</summary>
    /// <param name="options">The options.</param>
    /// <param name="logger">The logger, or null for none.</param>
    /// <param name="meterFactory">Creates the <c>Pxe.Nfs</c> meter, or null for a private one.</param>
    /// <param name="fileSystemProvider">Creates each export's backend, or null for <see cref="LocalFileSystem"/> over its directory.</param>
    /// <param name="observer">Told about connections and mounts, or null for none (see <see cref="INfsServerObserver"/>).</param>
    public NfsServer(IOptions<NfsServerOptions> options, ILogger<NfsServer>? logger = null, IMeterFactory? meterFactory = null, INfsFileSystemProvider? fileSystemProvider = null, INfsServerObserver? observer = null)
    {
        _provider = fileSystemProvider;
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _metrics = new NfsMetrics(meterFactory);
        _observer = NfsObserverInvoker.Create(observer, _logger);
    }

    /// <summary>Completes when every socket is bound (or faults when binding failed).</summary>
    public Task Ready => _ready.Task;

    /// <summary>
    /// Serves NFSv3 and MOUNT on a connection the host accepted itself — a Kestrel <c>ConnectionHandler</c>'s
    /// connection, a pipe over a stream — with the same exports, handles and observer as this server's own ports.
    /// Available once <see cref="Ready"/>.
    /// </summary>
    /// <param name="connection">The connection's two directions; both are completed when serving ends.</param>
    /// <param name="remote">The client's address (export client lists and AUTH_SYS use it), or null when unknown.</param>
    /// <param name="cancellationToken">Stops serving this connection.</param>
    /// <returns>The number of calls served.</returns>
    /// <exception cref="InvalidOperationException">The server has not started yet.</exception>
    public Task<long> ServeConnectionAsync(IDuplexPipe connection, IPEndPoint? remote, CancellationToken cancellationToken = default)
    {
        RpcPipeConnection<NfsRpcHandler> connections = _connections ?? throw new InvalidOperationException("The NFS server has not started: await Ready first.");
        return connections.ServeAsync(connection, remote, cancellationToken);
    }

    /// <summary>The bound NFS (and MOUNT) TCP port, once <see cref="Ready"/>.</summary>
    public int NfsPort { get; private set; }

    /// <summary>The bound NFS UDP port, once <see cref="Ready"/> (0 without UDP).</summary>
    public int NfsUdpPort { get; private set; }

    /// <summary>The NFSv3 program (for tests and embedding).</summary>
    public Nfs3Program? Nfs { get; private set; }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tasks = new List<Task>();
        try
        {
            var exports = new List<ExportEntry>();
            for (int i = 0; i < _options.Exports.Count; i++)
            {
                NfsExport e = _options.Exports[i];
                INfsFileSystem fs = _provider?.Create(e) ?? new LocalFileSystem(e.Directory, e.ReadOnly, _options.AttributeCacheLifetime);
                if (fs is IDisposable d)
                {
                    _owned.Add(d);
                }

                exports.Add(new ExportEntry(i, e, fs));
                NfsLog.Export(_logger, e.EffectivePath, fs is LocalFileSystem local ? local.RootDirectory : fs.GetType().Name, e.ReadOnly ? "ro" : "rw", e.Squash);
            }

            var state = new NfsServerState(exports, DeriveKey(_options.HandleSecret), _metrics, _observer);
            var nfs = new Nfs3Program(state);
            var mount = new MountProgram(state);
            Nfs = nfs;
            IPAddress address = IPAddress.Parse(_options.ListenAddress);

            var nfsHandler = new NfsRpcHandler(null, mount, nfs, _metrics);
            _connections = new RpcPipeConnection<NfsRpcHandler>(nfsHandler, _options.MaxRecordLength, _logger, _metrics, _observer);
            var nfsTcp = Own(new RpcTcpListener<NfsRpcHandler>(new IPEndPoint(address, _options.Port), nfsHandler, _options.MaxRecordLength, _logger, _metrics, _observer));
            NfsPort = nfsTcp.LocalEndPoint.Port;
            tasks.Add(nfsTcp.RunAsync(stoppingToken));
            NfsLog.Listening(_logger, "NFSv3+MOUNT", "tcp", nfsTcp.LocalEndPoint);
            if (_options.EnableUdp)
            {
                var nfsUdp = Own(new RpcUdpListener<NfsRpcHandler>(new IPEndPoint(address, NfsPort), nfsHandler, _logger, _metrics));
                NfsUdpPort = nfsUdp.LocalEndPoint.Port;
                tasks.Add(nfsUdp.RunAsync(stoppingToken));
                NfsLog.Listening(_logger, "NFSv3+MOUNT", "udp", nfsUdp.LocalEndPoint);
            }

            int mountPort = NfsPort;
            if (_options.MountPort is { } mp)
            {
                var mountHandler = new NfsRpcHandler(null, mount, null, _metrics);
                var mountTcp = Own(new RpcTcpListener<NfsRpcHandler>(new IPEndPoint(address, mp), mountHandler, _options.MaxRecordLength, _logger, _metrics, _observer));
                mountPort = mountTcp.LocalEndPoint.Port;
                tasks.Add(mountTcp.RunAsync(stoppingToken));
                if (_options.EnableUdp)
                {
                    var mountUdp = Own(new RpcUdpListener<NfsRpcHandler>(new IPEndPoint(address, mountPort), mountHandler, _logger, _metrics));
                    tasks.Add(mountUdp.RunAsync(stoppingToken));
                }

                NfsLog.Listening(_logger, "MOUNT", "tcp+udp", mountTcp.LocalEndPoint);
            }

            if (_options.EnablePortmap)
            {
                var mappings = new List<PortmapMapping>
                {
                    new(RpcProgram.Portmap, PortmapProgram.Version, PortmapMapping.Tcp, (uint)_options.PortmapPort),
                    new(RpcProgram.Portmap, PortmapProgram.Version, PortmapMapping.Udp, (uint)_options.PortmapPort),
                    new(RpcProgram.Nfs, Nfs3Limits.Version, PortmapMapping.Tcp, (uint)NfsPort),
                };
                if (_options.EnableUdp)
                {
                    mappings.Add(new(RpcProgram.Nfs, Nfs3Limits.Version, PortmapMapping.Udp, (uint)NfsUdpPort));
                }

                for (uint v = MountProgram.LowVersion; v <= MountProgram.HighVersion; v++)
                {
                    mappings.Add(new(RpcProgram.Mount, v, PortmapMapping.Tcp, (uint)mountPort));
                    if (_options.EnableUdp)
                    {
                        mappings.Add(new(RpcProgram.Mount, v, PortmapMapping.Udp, (uint)(_options.MountPort is null ? NfsUdpPort : mountPort)));
                    }
                }

                var portmapHandler = new NfsRpcHandler(new PortmapProgram(mappings), null, null, _metrics);
                RpcTcpListener<NfsRpcHandler>? pmTcp = null;
                try
                {
                    pmTcp = Own(new RpcTcpListener<NfsRpcHandler>(new IPEndPoint(address, _options.PortmapPort), portmapHandler, 64 * 1024, _logger, _metrics));
                }
                catch (System.Net.Sockets.SocketException ex) when (ex.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse && _options.PortmapPort != 0)
                {
                    // A portmapper already runs here (the system's rpcbind): tell it where we are, as knfsd does,
                    // instead of serving our own. The mappings for the portmapper itself are its business.
                    PortmapRegistration registration = Own(PortmapRegistration.Register(mappings.Where(m => m.Program != RpcProgram.Portmap), _options.PortmapPort));
                    NfsLog.RegisteredWithPortmapper(_logger, _options.PortmapPort, registration.Registered.Count);
                }

                if (pmTcp is not null)
                {
                    var pmUdp = Own(new RpcUdpListener<NfsRpcHandler>(new IPEndPoint(address, pmTcp.LocalEndPoint.Port), portmapHandler, _logger, _metrics));
                    tasks.Add(pmTcp.RunAsync(stoppingToken));
                    tasks.Add(pmUdp.RunAsync(stoppingToken));
                    NfsLog.Listening(_logger, "portmap", "tcp+udp", pmTcp.LocalEndPoint);
                }
            }

            _ready.TrySetResult();
        }
        catch (Exception ex)
        {
            _ready.TrySetException(ex);
            DisposeOwned();
            throw;
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        DisposeOwned();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        NfsLog.Stopped(_logger);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        DisposeOwned();
        base.Dispose();
    }

    private T Own<T>(T item)
        where T : IDisposable
    {
        lock (_owned)
        {
            _owned.Add(item);
        }

        return item;
    }

    private void DisposeOwned()
    {
        lock (_owned)
        {
            foreach (IDisposable d in _owned)
            {
                d.Dispose();
            }

            _owned.Clear();
        }
    }

    /// <summary>The file-handle MAC key: SHA-256 of a label and the configured secret (or the machine id).</summary>
    internal static byte[] DeriveKey(string? secret)
    {
        if (secret is null)
        {
            try
            {
                secret = File.Exists("/etc/machine-id") ? File.ReadAllText("/etc/machine-id").Trim() : null;
            }
            catch (IOException)
            {
                secret = null;
            }
            catch (UnauthorizedAccessException)
            {
                secret = null;
            }
        }

        return SHA256.HashData(Encoding.UTF8.GetBytes("Pxe.Nfs file handle key v1\n" + (secret ?? "pxe")));
    }
}
