using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Pxe.Dhcp;

/// <summary>
/// The hosted DHCP server: one receive loop per socket (port 67 on each configured interface, plus 4011 in proxy
/// mode), one <see cref="DhcpResponder"/> shared under a lock, leases flushed to disk before a DHCPACK is sent.
/// </summary>
public sealed class DhcpServer : BackgroundService
{
    private readonly DhcpServerOptions _options;
    private readonly DhcpResponder _responder;
    private readonly IDhcpLeaseStore _leases;
    private readonly ILogger _logger;
    private readonly DhcpMetrics _metrics;
    private readonly Lock _gate = new();
    private readonly List<DhcpSocket> _sockets = [];
    /// <summary>Most replies held for one group commit (64).</summary>
    public const int MaxBatch = 64;

    /// <summary>The longest a receive blocks (SO_RCVTIMEO) before the loop looks at the stop token again.</summary>
    private const int StopCheckMilliseconds = 200;

    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates the server from validated options.</summary>
    public DhcpServer(IOptions<DhcpServerOptions> options, IDhcpLeaseStore leases, IBootPolicy bootPolicy, DhcpMetrics metrics, TimeProvider? time = null, ILogger<DhcpServer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _leases = leases;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _metrics = metrics;
        DhcpResponderSettings settings = _options.BuildResponderSettings();
        _responder = new DhcpResponder(settings, leases, bootPolicy, time, _logger, metrics);
    }

    /// <summary>The engine.</summary>
    public DhcpResponder Responder => _responder;

    /// <summary>Completes when every socket is bound.</summary>
    public Task Started => _started.Task;

    /// <summary>The local ports bound (for tests binding port 0).</summary>
    public IReadOnlyList<int> BoundPorts => [.. _sockets.Select(s => s.Port)];

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            IEnumerable<string?> interfaces = _options.Interfaces.Count == 0 ? new string?[] { null } : (IEnumerable<string?>)_options.Interfaces;
            foreach (string? name in interfaces)
            {
                _sockets.Add(DhcpSocket.Open(name, _options.Port));
                if (_options.Mode == DhcpServerMode.Proxy)
                {
                    _sockets.Add(DhcpSocket.Open(name, _options.BootServerPort));
                }
            }

#pragma warning disable CA1873 // Once per socket at start.
            foreach (DhcpSocket s in _sockets)
            {
                DhcpLog.Listening(_logger, s.InterfaceName ?? "*", s.InterfaceAddress.ToString(), s.Port, _options.Mode);
            }
#pragma warning restore CA1873

            _started.TrySetResult();
        }
        catch (Exception ex)
        {
            _started.TrySetException(ex);
            throw;
        }

        try
        {
            await Task.WhenAll(_sockets.Select(s => Task.Factory.StartNew(() => ReceiveLoop(s, stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))).ConfigureAwait(false);
        }
        finally
        {
            foreach (DhcpSocket s in _sockets)
            {
                s.Dispose();
            }

            if (_leases is IDurableDhcpLeaseStore durable)
            {
                lock (_gate)
                {
                    durable.Flush();
                }
            }

            DhcpLog.Stopped(_logger);
        }
    }

    /// <summary>
    /// One socket's loop on a dedicated thread: a blocking <c>recvmsg(2)</c> per datagram, the responder under the
    /// lock, a blocking <c>sendto(2)</c> per reply.
    /// </summary>
    /// <remarks>
    /// A blocking loop skips the asynchronous receive's hop from the socket engine's epoll thread to the thread pool,
    /// and a reused <see cref="SocketAddress"/> spares an <see cref="IPEndPoint"/> per reply. In
    /// <c>benchmarks/scripts/dhcp-compare.sh</c> it measured the same as the asynchronous loop (~7,000 exchanges/s
    /// either way with the default lease-storm guard, which was the limit).
    /// </remarks>
    private void ReceiveLoop(DhcpSocket socket, CancellationToken ct)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(DhcpLimits.MaxDatagramLength);
        byte[] reply = ArrayPool<byte>.Shared.Rent(DhcpLimits.MaxReplyLength);
        var batch = new List<(byte[] Bytes, int Length, DhcpTransmitTarget Target)>(MaxBatch);
        var destination = new SocketAddress(AddressFamily.InterNetwork);
        Socket udp = socket.Socket;
        udp.Blocking = true;
        udp.ReceiveTimeout = StopCheckMilliseconds;
        EndPoint source = new IPEndPoint(IPAddress.Any, 0);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                SocketFlags flags = SocketFlags.None;
                int length;
                IPPacketInformation packetInformation;
                try
                {
                    length = udp.ReceiveMessageFrom(buffer, ref flags, ref source, out packetInformation);
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock or SocketError.Interrupted)
                {
                    continue;
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
                {
                    _metrics.RecordDrop(DhcpDropReason.Malformed);
                    continue;
                }
                catch (ObjectDisposedException) when (ct.IsCancellationRequested)
                {
                    break;
                }

                var from = (IPEndPoint)source;
                Ipv4Address interfaceAddress = socket.InterfaceAddress;
                if (interfaceAddress.IsAny && packetInformation.Address is { } local && local.AddressFamily == AddressFamily.InterNetwork)
                {
                    interfaceAddress = Ipv4Address.FromIPAddress(local);
                }

                var context = new DhcpReceiveContext(interfaceAddress, packetInformation.Interface, Ipv4Address.FromIPAddress(from.Address), (ushort)from.Port, (ushort)socket.Port);
                DhcpResponse response;
                bool mustPersist;
                lock (_gate)
                {
                    response = _responder.Respond(buffer.AsSpan(0, length), context, reply);
                    mustPersist = response.HasReply && _leases is IDurableDhcpLeaseStore { HasPendingWrites: true };
                }

                if (!response.HasReply)
                {
                    LogDrop(socket, from, response, buffer, length);
                }
                else if (mustPersist || batch.Count > 0)
                {
                    // Group commit: replies that follow a lease change wait until the journal is fsynced, and one
                    // fsync covers every datagram already queued on the socket (RFC 2131 §4.3.2: commit before ACK).
                    byte[] copy = ArrayPool<byte>.Shared.Rent(response.Length);
                    reply.AsSpan(0, response.Length).CopyTo(copy);
                    batch.Add((copy, response.Length, response.Target));
                }
                else
                {
                    Send(udp, destination, reply.AsSpan(0, response.Length), response.Target);
                }

                if (batch.Count > 0 && (batch.Count >= MaxBatch || udp.Available == 0))
                {
                    bool persisted = FlushLeases();
                    foreach ((byte[] bytes, int n, DhcpTransmitTarget target) in batch)
                    {
                        if (persisted)
                        {
                            Send(udp, destination, bytes.AsSpan(0, n), target);
                        }

                        ArrayPool<byte>.Shared.Return(bytes);
                    }

                    batch.Clear();
                }
            }
        }
        catch (Exception ex) when (!(ex is ObjectDisposedException && ct.IsCancellationRequested))
        {
            DhcpLog.ReceiveFailed(_logger, ex, socket.InterfaceName ?? "*", socket.Port);
            throw;
        }
        finally
        {
            foreach ((byte[] bytes, _, _) in batch)
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }

            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<byte>.Shared.Return(reply);
        }
    }

    private bool FlushLeases()
    {
        if (_leases is not IDurableDhcpLeaseStore durable)
        {
            return true;
        }

        lock (_gate)
        {
            try
            {
                durable.Flush();
                return true;
            }
            catch (IOException ex)
            {
                DhcpLog.FlushFailed(_logger, ex);
                _metrics.RecordDrop(DhcpDropReason.NoReplyNeeded);
                return false;
            }
        }
    }

    /// <summary>Sends one reply; <paramref name="destination"/> is scratch space reused for every send (no allocation).</summary>
    private void Send(Socket udp, SocketAddress destination, ReadOnlySpan<byte> datagram, DhcpTransmitTarget target)
    {
        Span<byte> address = destination.Buffer.Span;
        BinaryPrimitives.WriteUInt16BigEndian(address[2..], target.Port);
        target.Address.TryWrite(address.Slice(4, Ipv4Address.Length));
        try
        {
            udp.SendTo(datagram, SocketFlags.None, destination);
        }
        catch (SocketException ex)
        {
            DhcpLog.SendFailed(_logger, ex, target.Address, target.Port);
            return;
        }

        if (_logger.IsEnabled(LogLevel.Debug) && DhcpPacket.TryCreate(datagram, out DhcpPacket sent))
        {
            DhcpLog.Replied(_logger, sent.MessageType, sent.ClientHardwareAddress, sent.YourAddress, target.Address, target.Port);
        }
    }

    private void LogDrop(DhcpSocket socket, IPEndPoint source, in DhcpResponse response, byte[] buffer, int length)
    {
        if (!_logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

#pragma warning disable CA1873 // Guarded by IsEnabled above.
        DhcpLog.Dropped(_logger, source.ToString(), socket.InterfaceName ?? "*", response.DropReason, response.ParseStatus);
        if (response.DropReason == DhcpDropReason.Malformed)
        {
            DhcpLog.BadDatagram(_logger, Convert.ToHexString(buffer, 0, Math.Min(length, 512)));
        }
#pragma warning restore CA1873
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        foreach (DhcpSocket s in _sockets)
        {
            s.Dispose();
        }

        base.Dispose();
    }
}
