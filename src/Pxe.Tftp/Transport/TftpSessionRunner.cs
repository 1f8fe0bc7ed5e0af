using System.Net.Sockets;

namespace Pxe.Tftp;

/// <summary>
/// Moves one session's packets over a connected UDP socket until it ends: drain, wait for a datagram until the
/// session's deadline, feed. Each transfer runs on its own thread with blocking waits.
/// </summary>
/// <remarks>
/// A lock-step transfer (window 1) is bound by the round trip: DATA out, ACK in, next DATA out. A blocking
/// <c>poll(2)</c> + <c>recv(2)</c> on a dedicated thread answers an ACK in a few microseconds, where an async
/// receive pays a hop from the socket engine's thread to the thread pool and a timer reset per packet; the same
/// model as tftpd-hpa's process per transfer, at the cost of one thread (not one process) per transfer, bounded by
/// <see cref="TftpServerOptions.MaxTransfers"/>. The loop allocates nothing per packet.
/// </remarks>
internal static class TftpSessionRunner
{
    /// <summary>The longest single wait (SO_RCVTIMEO): the granularity of retransmission timers and of noticing a stop.</summary>
    private const int WaitSliceMilliseconds = 20;

    /// <summary>Runs the session on a dedicated thread.</summary>
    public static Task RunOnDedicatedThreadAsync(Socket socket, TftpSession session, byte[] sendBuffer, byte[] receiveBuffer, bool dally, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(
            () => Run(socket, session, sendBuffer, receiveBuffer, dally, cancellationToken),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    /// <summary>Runs <paramref name="session"/> over <paramref name="socket"/>, which is connected to the peer's transfer id.</summary>
    /// <param name="socket">A connected UDP socket.</param>
    /// <param name="session">The session.</param>
    /// <param name="sendBuffer">At least one packet of the negotiated size.</param>
    /// <param name="receiveBuffer">At least one packet of the negotiated size plus one byte (to detect oversize DATA).</param>
    /// <param name="dally">Whether to linger one timeout after the last ACK of a receive to answer a retransmitted last block (RFC 1350 §6).</param>
    /// <param name="cancellationToken">Stops the transfer.</param>
    public static void Run(Socket socket, TftpSession session, byte[] sendBuffer, byte[] receiveBuffer, bool dally, CancellationToken cancellationToken)
    {
        // One blocking recv(2) per datagram, bounded by SO_RCVTIMEO: a retransmission is at most this late, and a
        // stop request is seen within this time.
        socket.Blocking = true;
        socket.ReceiveTimeout = WaitSliceMilliseconds;
        while (true)
        {
            Drain(socket, session, sendBuffer);
            if (session.IsFinished)
            {
                break;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                session.Cancel();
                return;
            }

            TimeSpan left = session.TimeUntilDeadline;
            if (left <= TimeSpan.Zero)
            {
                session.OnTimer();
                continue;
            }

            session.PrepareAhead();
            if (TryReceive(socket, receiveBuffer, out int received))
            {
                session.Receive(receiveBuffer.AsSpan(0, received));
            }
        }

        if (dally && session is TftpReceiver { Outcome: TftpTransferOutcome.Completed } receiver)
        {
            Dally(socket, receiver, sendBuffer, receiveBuffer, cancellationToken);
        }
    }

    /// <summary>Reads one datagram, waiting at most the socket's receive timeout; false on timeout or a transient error.</summary>
    private static bool TryReceive(Socket socket, byte[] buffer, out int received)
    {
        received = socket.Receive(buffer, 0, buffer.Length, SocketFlags.None, out SocketError error);
        switch (error)
        {
            case SocketError.Success:
                return true;
            case SocketError.TimedOut:
            case SocketError.WouldBlock:
            case SocketError.Interrupted:
            case SocketError.ConnectionRefused:
            case SocketError.ConnectionReset:
            case SocketError.MessageSize:
                // A timeout (the loop checks the deadline), ICMP port unreachable from an earlier send (the peer
                // closed its port) or an oversize datagram: nothing to feed; the retransmission timer decides.
                received = 0;
                return false;
            default:
                throw new SocketException((int)error);
        }
    }

    private static void Drain(Socket socket, TftpSession session, byte[] buffer)
    {
        while (session.TryWriteNext(buffer, out int n))
        {
            socket.Send(buffer, 0, n, SocketFlags.None, out SocketError error);
            if (error is not (SocketError.Success or SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.NoBufferSpaceAvailable or SocketError.WouldBlock))
            {
                throw new SocketException((int)error);
            }

            // A lost send is a lost datagram: the timer resends it.
        }
    }

    private static void Dally(Socket socket, TftpReceiver receiver, byte[] sendBuffer, byte[] receiveBuffer, CancellationToken cancellationToken)
    {
        long end = Environment.TickCount64 + (long)receiver.Timeout.TotalMilliseconds;
        while (!cancellationToken.IsCancellationRequested)
        {
            long left = end - Environment.TickCount64;
            if (left <= 0)
            {
                return;
            }

            if (TryReceive(socket, receiveBuffer, out int n)
                && receiver.ReceiveAfterFinish(receiveBuffer.AsSpan(0, n)) == TftpSessionEvent.Progress)
            {
                Drain(socket, receiver, sendBuffer);
            }
        }
    }
}
