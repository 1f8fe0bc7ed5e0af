using System.Net.Sockets;

namespace Pxe.Tftp;

/// <summary>Moves one session's packets over a connected UDP socket until it ends: drain, wait until the deadline, feed.</summary>
internal static class TftpSessionRunner
{
    /// <summary>Runs <paramref name="session"/> over <paramref name="socket"/>, which is connected to the peer's transfer id.</summary>
    /// <param name="socket">A connected UDP socket.</param>
    /// <param name="session">The session.</param>
    /// <param name="sendBuffer">At least one packet of the negotiated size.</param>
    /// <param name="receiveBuffer">At least one packet of the negotiated size plus one byte (to detect oversize DATA).</param>
    /// <param name="dally">Whether to linger one timeout after the last ACK of a receive to answer a retransmitted last block (RFC 1350 §6).</param>
    /// <param name="cancellationToken">Stops the transfer.</param>
    public static async ValueTask RunAsync(Socket socket, TftpSession session, Memory<byte> sendBuffer, Memory<byte> receiveBuffer, bool dally, CancellationToken cancellationToken)
    {
        CancellationTokenSource wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            while (true)
            {
                Drain(socket, session, sendBuffer.Span);
                if (session.IsFinished)
                {
                    break;
                }

                TimeSpan left = session.TimeUntilDeadline;
                if (left > TimeSpan.Zero)
                {
                    wait.CancelAfter(left);
                    int received;
                    try
                    {
                        received = await socket.ReceiveAsync(receiveBuffer, SocketFlags.None, wait.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        wait.Dispose();
                        wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                        session.OnTimer();
                        continue;
                    }
                    catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.MessageSize)
                    {
                        // ICMP port unreachable from an earlier send (the peer closed its port), or an oversize
                        // datagram: nothing to feed; the retransmission timer decides.
                        ResetWait(ref wait, cancellationToken);
                        session.OnTimer();
                        continue;
                    }

                    ResetWait(ref wait, cancellationToken);
                    session.Receive(receiveBuffer.Span[..received]);
                }
                else
                {
                    session.OnTimer();
                }
            }

            if (dally && session is TftpReceiver { Outcome: TftpTransferOutcome.Completed } receiver)
            {
                await DallyAsync(socket, receiver, sendBuffer, receiveBuffer, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            session.Cancel();
        }
        finally
        {
            wait.Dispose();
        }
    }

    private static void ResetWait(ref CancellationTokenSource wait, CancellationToken cancellationToken)
    {
        if (!wait.TryReset())
        {
            wait.Dispose();
            wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }
    }

    private static void Drain(Socket socket, TftpSession session, Span<byte> buffer)
    {
        while (session.TryWriteNext(buffer, out int n))
        {
            try
            {
                socket.Send(buffer[..n], SocketFlags.None);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.NoBufferSpaceAvailable or SocketError.WouldBlock)
            {
                // A lost send is a lost datagram: the timer resends it.
            }
        }
    }

    private static async ValueTask DallyAsync(Socket socket, TftpReceiver receiver, Memory<byte> sendBuffer, Memory<byte> receiveBuffer, CancellationToken cancellationToken)
    {
        using var dally = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        dally.CancelAfter(receiver.Timeout);
        try
        {
            while (true)
            {
                int n = await socket.ReceiveAsync(receiveBuffer, SocketFlags.None, dally.Token).ConfigureAwait(false);
                if (receiver.ReceiveAfterFinish(receiveBuffer.Span[..n]) == TftpSessionEvent.Progress)
                {
                    Drain(socket, receiver, sendBuffer.Span);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
    }
}
