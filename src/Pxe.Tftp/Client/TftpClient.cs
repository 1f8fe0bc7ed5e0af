using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pxe.Tftp;

/// <summary>
/// A TFTP client (RFC 1350) with option negotiation: blksize, tsize, windowsize (RFC 2347, 2348, 2349, 7440).
/// Runs the same receive state machine as the server's write path.
/// </summary>
public sealed class TftpClient
{
    private readonly TftpClientOptions _options;
    private readonly TimeProvider _time;
    private readonly TftpSocketFactory _sockets;

    /// <summary>Creates a client.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A block or window size is outside the protocol's range.</exception>
    public TftpClient(TftpClientOptions? options = null, TimeProvider? timeProvider = null, TftpSocketFactory? socketFactory = null)
    {
        _options = options ?? new TftpClientOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.BlockSize, TftpLimits.MinBlockSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(_options.BlockSize, TftpLimits.MaxBlockSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.WindowSize, TftpLimits.MinWindowSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(_options.WindowSize, TftpLimits.MaxWindowSize);
        _time = timeProvider ?? TimeProvider.System;
        _sockets = socketFactory ?? new TftpSocketFactory();
    }

    /// <summary>Downloads <paramref name="fileName"/> from <paramref name="server"/> into <paramref name="destination"/>.</summary>
    /// <exception cref="TftpTransferException">The server refused or the transfer failed.</exception>
    public async Task<TftpDownloadResult> DownloadAsync(IPEndPoint server, string fileName, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(destination);
        using Socket socket = _sockets.CreateUdpSocket(server.AddressFamily);
        socket.Bind(new IPEndPoint(server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
        byte[] request = BuildRequest(fileName);
        int maxPacket = TftpLimits.HeaderLength + Math.Max(_options.BlockSize, TftpLimits.DefaultBlockSize);
        byte[] receive = ArrayPool<byte>.Shared.Rent(maxPacket + 1);
        byte[] send = ArrayPool<byte>.Shared.Rent(Math.Max(maxPacket, 512));
        try
        {
            (int length, IPEndPoint peer) = await SendRequestAsync(socket, server, request, receive, cancellationToken).ConfigureAwait(false);
            socket.Connect(peer); // RFC 1350 §4: the server's port is the transfer id from now on.
            ReadOnlySpan<byte> first = receive.AsSpan(0, length);
            TftpPacket.TryCreate(first, out TftpPacket packet);
            int blockSize = TftpLimits.DefaultBlockSize;
            int windowSize = 1;
            long? transferSize = null;
            bool optionAck = packet.Opcode == TftpOpcode.OptionAck;
            if (packet.Opcode == TftpOpcode.Error)
            {
                ThrowHelper.ThrowTransferFailed(packet.ErrorCode, "server refused: " + Encoding.ASCII.GetString(packet.ErrorMessage));
            }

            if (optionAck && !TryReadOptionAck(packet, ref blockSize, ref windowSize, ref transferSize))
            {
                Span<byte> error = stackalloc byte[64];
                TftpPacketWriter.TryWriteError(error, TftpErrorCode.OptionNegotiationFailed, "unexpected option value"u8, out int n);
                socket.Send(error[..n]);
                ThrowHelper.ThrowTransferFailed(TftpErrorCode.OptionNegotiationFailed, "the server's OACK is not acceptable");
            }

            var sink = new StreamSink(destination);
            ITftpWritableFile file = _options.Mode == TftpTransferMode.NetAscii ? NetAscii.Decode(sink) : sink;
            using var session = new TftpReceiver(file, blockSize, windowSize, default, sendInitialAck: optionAck, _options.MaxFileSize, _time, _options.Timeout, _options.MaxRetries);
            if (!optionAck)
            {
                session.Receive(first);
            }

            // The server may only lower blksize (RFC 2348), so the buffers sized for the request are large enough.
            await TftpSessionRunner.RunOnDedicatedThreadAsync(socket, session, send, receive, dally: false, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (session.Outcome != TftpTransferOutcome.Completed)
            {
                if (session.ErrorToSend is { } code)
                {
                    byte[] error = new byte[TftpLimits.HeaderLength + TftpLimits.MaxErrorMessageLength + 1];
                    TftpPacketWriter.TryWriteError(error, code, Encoding.ASCII.GetBytes(session.FailureReason ?? string.Empty), out int n);
                    socket.Send(error.AsSpan(0, n));
                }

                ThrowHelper.ThrowTransferFailed(session.ErrorToSend ?? TftpErrorCode.NotDefined, $"download of '{fileName}' failed: {session.Outcome} ({session.FailureReason})");
            }

            return new TftpDownloadResult(session.Bytes, blockSize, windowSize, transferSize, session.Retransmits);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(receive);
            ArrayPool<byte>.Shared.Return(send);
        }
    }

    private byte[] BuildRequest(string fileName)
    {
        byte[] name = Encoding.UTF8.GetBytes(fileName);
        byte[] buffer = new byte[name.Length + 128];
        var w = new TftpPacketWriter(buffer);
        bool ok = w.TryWriteRequest(TftpOpcode.ReadRequest, name, _options.Mode == TftpTransferMode.NetAscii ? TftpAscii.NetAscii : TftpAscii.Octet);
        if (_options.BlockSize != TftpLimits.DefaultBlockSize)
        {
            ok &= w.TryWriteOption(TftpAscii.BlockSize, _options.BlockSize);
        }

        if (_options.RequestTransferSize)
        {
            ok &= w.TryWriteOption(TftpAscii.TransferSize, 0);
        }

        if (_options.WindowSize != 1)
        {
            ok &= w.TryWriteOption(TftpAscii.WindowSize, _options.WindowSize);
        }

        if (!ok)
        {
            ThrowHelper.ThrowArgument(nameof(fileName), "the file name is too long for a request");
        }

        return buffer.AsSpan(0, w.BytesWritten).ToArray();
    }

    private async Task<(int Length, IPEndPoint Peer)> SendRequestAsync(Socket socket, IPEndPoint server, byte[] request, byte[] receive, CancellationToken cancellationToken)
    {
        var address = new SocketAddress(server.AddressFamily);
        for (int attempt = 0; attempt <= _options.MaxRetries; attempt++)
        {
            await socket.SendToAsync(request, SocketFlags.None, server, cancellationToken).ConfigureAwait(false);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(_options.Timeout);
            try
            {
                while (true)
                {
                    int n = await socket.ReceiveFromAsync(receive.AsMemory(), SocketFlags.None, address, wait.Token).ConfigureAwait(false);
                    var from = (IPEndPoint)server.Create(address);
                    if (!from.Address.Equals(server.Address) || !TftpPacket.TryCreate(receive.AsSpan(0, n), out TftpPacket packet))
                    {
                        continue; // not from the server, or not TFTP
                    }

                    if (packet.Opcode is TftpOpcode.OptionAck or TftpOpcode.Error || (packet.Opcode == TftpOpcode.Data && packet.BlockNumber == 1))
                    {
                        return (n, from);
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
            {
                ThrowHelper.ThrowTransferFailed(TftpErrorCode.NotDefined, $"no TFTP server at {server}");
            }
        }

        ThrowHelper.ThrowTransferFailed(TftpErrorCode.NotDefined, $"no answer from {server}");
        return default;
    }

    private bool TryReadOptionAck(TftpPacket packet, ref int blockSize, ref int windowSize, ref long? transferSize)
    {
        TftpOptionEnumerator options = packet.Options;
        while (options.MoveNext())
        {
            TftpOption option = options.Current;
            if (!option.TryGetNumber(out long n))
            {
                return false;
            }

            if (option.NameEquals(TftpAscii.BlockSize))
            {
                // RFC 2348 §2: the server may only lower the value.
                if (n < TftpLimits.MinBlockSize || n > _options.BlockSize)
                {
                    return false;
                }

                blockSize = (int)n;
            }
            else if (option.NameEquals(TftpAscii.WindowSize))
            {
                if (n < TftpLimits.MinWindowSize || n > _options.WindowSize)
                {
                    return false;
                }

                windowSize = (int)n;
            }
            else if (option.NameEquals(TftpAscii.TransferSize))
            {
                if (n > _options.MaxFileSize)
                {
                    return false;
                }

                transferSize = n;
            }
            else if (!option.NameEquals(TftpAscii.Timeout))
            {
                return false; // RFC 2347 §2: an option we did not ask for
            }
        }

        return options.Status == TftpParseStatus.Success;
    }

    private sealed class StreamSink(Stream stream) : ITftpWritableFile
    {
        public void Write(ReadOnlySpan<byte> data) => stream.Write(data);

        public void Commit() => stream.Flush();

        public void Dispose()
        {
        }
    }
}
