namespace Pxe.Tftp;

/// <summary>
/// Receives a file: the server side of a write (WRQ) or the client side of a read. Acknowledges every
/// <c>windowSize</c> blocks (RFC 7440 §4) and the last block; on a gap or a duplicate it acknowledges the last
/// block received in order, once per position, so the sender resumes from the first missing block.
/// </summary>
/// <remarks>
/// After the last block the session is finished and its final ACK is still to be written; a transport that can
/// afford it keeps the socket open for one timeout ("dallying", RFC 1350 §6) and calls <see cref="ReceiveAfterFinish"/>
/// to answer a retransmitted last block.
/// </remarks>
internal sealed class TftpReceiver : TftpSession
{
    private readonly ITftpWritableFile _sink;
    private readonly int _blockSize;
    private readonly int _windowSize;
    private readonly long _maxBytes;
    private readonly byte[]? _initialResponse;
    private long _expected = 1;
    private int _inWindow;
    private long _lastGapAckFor = -1;
    private bool _ackPending;
    private bool _committed;

    /// <param name="sink">Where the data goes.</param>
    /// <param name="blockSize">The negotiated block size.</param>
    /// <param name="windowSize">The negotiated window size.</param>
    /// <param name="initialResponse">The packet that answers the request before block 1 arrives (a server's OACK); empty for ACK 0.</param>
    /// <param name="sendInitialAck">Whether to send <paramref name="initialResponse"/> / ACK 0 right away (server WRQ, or client after OACK).</param>
    /// <param name="maxBytes">The largest file accepted.</param>
    /// <param name="time">The clock.</param>
    /// <param name="timeout">The retransmission timeout.</param>
    /// <param name="maxRetries">Retransmissions before giving up.</param>
    public TftpReceiver(ITftpWritableFile sink, int blockSize, int windowSize, ReadOnlySpan<byte> initialResponse, bool sendInitialAck, long maxBytes, TimeProvider time, TimeSpan timeout, int maxRetries)
        : base(time, timeout, maxRetries)
    {
        _sink = sink;
        _blockSize = blockSize;
        _windowSize = windowSize;
        _maxBytes = maxBytes;
        _initialResponse = initialResponse.IsEmpty ? null : initialResponse.ToArray();
        _ackPending = sendInitialAck;
    }

    public int BlockSize => _blockSize;

    public override bool TryWriteNext(Span<byte> destination, out int bytesWritten)
    {
        if (!_ackPending || (IsFinished && Outcome != TftpTransferOutcome.Completed))
        {
            bytesWritten = 0;
            return false;
        }

        _ackPending = false;
        if (_expected == 1 && _initialResponse is not null)
        {
            if (destination.Length < _initialResponse.Length)
            {
                ThrowHelper.ThrowArgument(nameof(destination), "the send buffer is smaller than the OACK");
            }

            _initialResponse.CopyTo(destination);
            bytesWritten = _initialResponse.Length;
            return true;
        }

        return TftpPacketWriter.TryWriteAck(destination, (ushort)(_expected - 1), out bytesWritten);
    }

    public override TftpSessionEvent Receive(ReadOnlySpan<byte> datagram)
    {
        if (IsFinished)
        {
            return ReceiveAfterFinish(datagram);
        }

        if (!TftpPacket.TryCreate(datagram, out TftpPacket packet))
        {
            Dropped++;
            return TftpSessionEvent.Dropped;
        }

        if (packet.Opcode == TftpOpcode.Error)
        {
            Finish(TftpTransferOutcome.PeerError, "peer sent ERROR " + (ushort)packet.ErrorCode);
            return TftpSessionEvent.Finished;
        }

        if (packet.Opcode != TftpOpcode.Data)
        {
            Dropped++;
            return TftpSessionEvent.Dropped;
        }

        ReadOnlySpan<byte> payload = packet.Payload;
        if ((ushort)_expected != packet.BlockNumber)
        {
            // A duplicate (our ACK was lost) or a gap (a block was lost): acknowledge the last in-order block,
            // once per position (RFC 7440 §4), and restart the window count.
            _inWindow = 0;
            if (_lastGapAckFor != _expected)
            {
                _lastGapAckFor = _expected;
                _ackPending = true;
                Retransmits++;
                return TftpSessionEvent.Progress;
            }

            return TftpSessionEvent.Duplicate;
        }

        if (payload.Length > _blockSize)
        {
            Finish(TftpTransferOutcome.ProtocolError, "DATA larger than the block size", TftpErrorCode.IllegalOperation);
            return TftpSessionEvent.Finished;
        }

        if (Bytes + payload.Length > _maxBytes)
        {
            Finish(TftpTransferOutcome.LocalError, "file larger than the limit", TftpErrorCode.DiskFull);
            return TftpSessionEvent.Finished;
        }

        try
        {
            _sink.Write(payload);
        }
        catch (TftpTransferException e)
        {
            Finish(TftpTransferOutcome.LocalError, e.Message, e.ErrorCode);
            return TftpSessionEvent.Finished;
        }
        catch (IOException e)
        {
            Finish(TftpTransferOutcome.LocalError, e.Message, TftpErrorCode.DiskFull);
            return TftpSessionEvent.Finished;
        }

        Bytes += payload.Length;
        _expected++;
        _inWindow++;
        Progressed();
        if (payload.Length < _blockSize)
        {
            // RFC 1350 §6: a DATA shorter than the block size is the last one.
            try
            {
                _sink.Commit();
                _committed = true;
            }
            catch (IOException e)
            {
                Finish(TftpTransferOutcome.LocalError, e.Message, TftpErrorCode.AccessViolation);
                return TftpSessionEvent.Finished;
            }

            _ackPending = true;
            Finish(TftpTransferOutcome.Completed);
            return TftpSessionEvent.Finished;
        }

        if (_inWindow >= _windowSize)
        {
            _inWindow = 0;
            _ackPending = true;
        }

        return TftpSessionEvent.Progress;
    }

    /// <summary>While dallying after the last block: a retransmitted last DATA is answered with the final ACK again.</summary>
    public TftpSessionEvent ReceiveAfterFinish(ReadOnlySpan<byte> datagram)
    {
        if (Outcome == TftpTransferOutcome.Completed && TftpPacket.TryCreate(datagram, out TftpPacket packet)
            && packet.Opcode == TftpOpcode.Data && packet.BlockNumber == (ushort)(_expected - 1))
        {
            _ackPending = true;
            Retransmits++;
            return TftpSessionEvent.Progress;
        }

        return TftpSessionEvent.Duplicate;
    }

    protected override void Rewind()
    {
        // Timer expired: acknowledge again what we have (or resend the OACK / ACK 0).
        _ackPending = true;
        _inWindow = 0;
        Retransmits++;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _sink.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Whether the file was committed.</summary>
    public bool Committed => _committed;
}
