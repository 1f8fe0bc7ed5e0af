using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Pxe.Nfs;

/// <summary>
/// Serves RPC over UDP: one datagram is one call. Replies are kept in a small duplicate-request cache keyed by the
/// client address and xid, so a retransmitted non-idempotent call (CREATE, REMOVE, RENAME...) is answered from the
/// cache instead of being executed twice.
/// </summary>
/// <typeparam name="THandler">The program handler.</typeparam>
public sealed class RpcUdpListener<THandler> : IDisposable
    where THandler : IRpcHandler
{
    /// <summary>How many replies the duplicate-request cache keeps.</summary>
    public const int DuplicateCacheSize = 1024;

    private readonly Socket _socket;
    private readonly ILogger _logger;
    private readonly NfsMetrics? _metrics;
    private readonly Dictionary<(uint Xid, SocketAddress Address), byte[]> _cache = [];
    private readonly Queue<(uint Xid, SocketAddress Address)> _order = new();
    private THandler _handler;

    /// <summary>Binds <paramref name="endPoint"/>.</summary>
    public RpcUdpListener(IPEndPoint endPoint, THandler handler, ILogger? logger = null, NfsMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        _handler = handler;
        _logger = logger ?? NullLogger.Instance;
        _metrics = metrics;
        _socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.DualMode = true;
        }

        _socket.Bind(endPoint);
    }

    /// <summary>The bound address and port.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Receives and answers datagrams until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        byte[] receive = new byte[RpcLimits.MaxDatagramLength + 1];
        byte[] send = new byte[RpcLimits.MaxDatagramLength];
        var address = new SocketAddress(_socket.AddressFamily);
        var template = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await _socket.ReceiveFromAsync(receive, SocketFlags.None, address, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex)
            {
                NfsLog.UdpError(_logger, ex);
                continue;
            }

            if (length < 4 || length > RpcLimits.MaxDatagramLength)
            {
                _metrics?.RecordDrop("bad_datagram");
                continue;
            }

            uint xid = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(receive);
            var key = (xid, address);
            if (_cache.TryGetValue(key, out byte[]? cached))
            {
                NfsLog.DuplicateRequest(_logger, xid);
                await SendAsync(cached, address, cancellationToken).ConfigureAwait(false);
                continue;
            }

            IPAddress peer = ((IPEndPoint)template.Create(address)).Address;
            int written = Dispatch(receive.AsSpan(0, length), send, peer);
            _metrics?.RecordBytes(length, written);
            if (written <= 0)
            {
                _metrics?.RecordDrop("undecodable");
                NfsLog.Dropped(_logger, length, null);
                continue;
            }

            Remember(xid, address, send.AsSpan(0, written).ToArray());
            ValueTask sending = SendAsync(send.AsMemory(0, written), address, cancellationToken);
            bool onHandlingThread = sending.IsCompleted;
            await sending.ConfigureAwait(false);
            if (onHandlingThread)
            {
                // Work ahead while the client reads the reply (only the thread that handled the call knows what).
                _handler.PrepareAhead();
            }
        }
    }

    private int Dispatch(ReadOnlySpan<byte> message, Span<byte> send, IPAddress peer) =>
        RpcDispatcher.Dispatch(ref _handler, message, send, peer, RpcTransport.Udp, out int written, out _) == RpcDispatchResult.Reply ? written : 0;

    private void Remember(uint xid, SocketAddress address, byte[] reply)
    {
        var stored = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(stored.Buffer.Span);
        var key = (xid, stored);
        if (_cache.TryAdd(key, reply))
        {
            _order.Enqueue(key);
            if (_order.Count > DuplicateCacheSize)
            {
                _cache.Remove(_order.Dequeue());
            }
        }
    }

    private async ValueTask SendAsync(ReadOnlyMemory<byte> datagram, SocketAddress address, CancellationToken cancellationToken)
    {
        try
        {
            await _socket.SendToAsync(datagram, SocketFlags.None, address, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            NfsLog.UdpError(_logger, ex);
        }
    }

    /// <summary>Closes the socket.</summary>
    public void Dispose() => _socket.Dispose();
}
