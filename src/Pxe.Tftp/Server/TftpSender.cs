namespace Pxe.Tftp;

/// <summary>
/// Sends a file: the server side of a read (RRQ) or the client side of a write. Blocks are numbered with a
/// 64-bit absolute counter; the wire carries its low 16 bits, so the number wraps from 65535 to 0 (files over
/// 32 MiB at 512-byte blocks).
/// </summary>
/// <remarks>
/// <para>Window (RFC 7440 §4): up to <c>windowSize</c> blocks are sent, then the sender waits. An ACK for block n
/// within the sent range acknowledges everything up to n; the next window starts at n + 1 — so an ACK in the
/// middle of a window (the receiver saw a gap) resends from the first unacknowledged block.</para>
/// <para>Sorcerer's Apprentice (RFC 1123 §4.2.3.1): an ACK that acknowledges nothing new is ignored; only the
/// timer causes a retransmission, so duplicated ACKs can never double the DATA stream. The one exception, with a
/// window: the first ACK for the block just before the window (its first block was lost) resends the window at once,
/// once per window.</para>
/// <para>The OACK, when sent, is treated as block 0: it is alone in its window and ACK 0 acknowledges it. An
/// ERROR in reply to the OACK is the firmware's tsize probe and ends the transfer as
/// <see cref="TftpTransferOutcome.AbortedAfterOptionAck"/>.</para>
/// </remarks>
internal sealed class TftpSender : TftpSession
{
    private readonly ITftpReadableFile _file;
    private readonly byte[]? _optionAck;
    private readonly int _blockSize;
    private readonly int _windowSize;
    private readonly long _lastBlock;
    private long _firstUnacked;
    private long _nextToSend;
    private long _windowEnd;
    private long _highestSent = -1;
    private long _fastResendFrom = -1;

    public TftpSender(ITftpReadableFile file, int blockSize, int windowSize, ReadOnlySpan<byte> optionAck, TimeProvider time, TimeSpan timeout, int maxRetries)
        : base(time, timeout, maxRetries)
    {
        _file = file;
        _blockSize = blockSize;
        _windowSize = windowSize;
        _lastBlock = (file.Length / blockSize) + 1; // the last block is short, possibly empty (RFC 1350 §6)
        _optionAck = optionAck.IsEmpty ? null : optionAck.ToArray();
        _firstUnacked = _optionAck is null ? 1 : 0;
        _nextToSend = _firstUnacked;
        SetWindow();
    }

    public int BlockSize => _blockSize;

    public int WindowSize => _windowSize;

    /// <summary>The absolute number of the last block.</summary>
    public long LastBlock => _lastBlock;

    public override bool TryWriteNext(Span<byte> destination, out int bytesWritten)
    {
        if (IsFinished || _nextToSend > _windowEnd)
        {
            bytesWritten = 0;
            return false;
        }

        long block = _nextToSend;
        if (block == 0)
        {
            if (destination.Length < _optionAck!.Length)
            {
                ThrowHelper.ThrowArgument(nameof(destination), "the send buffer is smaller than the OACK");
            }

            _optionAck.CopyTo(destination);
            bytesWritten = _optionAck!.Length;
        }
        else
        {
            long offset = (block - 1) * _blockSize;
            int expected = (int)Math.Min(_blockSize, _file.Length - offset);
            if (destination.Length < TftpLimits.HeaderLength + expected)
            {
                ThrowHelper.ThrowArgument(nameof(destination), "the send buffer is smaller than one DATA packet");
            }

            TftpPacketWriter.WriteDataHeader(destination, (ushort)block);
            int read = expected == 0 ? 0 : _file.Read(offset, destination.Slice(TftpLimits.HeaderLength, expected));
            if (read != expected)
            {
                Finish(TftpTransferOutcome.LocalError, "the file became shorter during the transfer", TftpErrorCode.NotDefined);
                bytesWritten = 0;
                return false;
            }

            bytesWritten = TftpLimits.HeaderLength + read;
        }

        if (block <= _highestSent)
        {
            Retransmits++;
        }
        else
        {
            _highestSent = block;
        }

        _nextToSend++;
        return true;
    }

    /// <summary>While the window waits for its ACK, asks the file for the first block of the next window.</summary>
    public override void PrepareAhead()
    {
        if (!IsFinished && _nextToSend > _windowEnd && _windowEnd < _lastBlock && _windowEnd > 0)
        {
            long offset = _windowEnd * _blockSize; // block _windowEnd + 1
            _file.Prefetch(offset, (int)Math.Min(_blockSize, _file.Length - offset));
        }
    }

    public override TftpSessionEvent Receive(ReadOnlySpan<byte> datagram)
    {
        if (IsFinished)
        {
            return TftpSessionEvent.Duplicate;
        }

        if (!TftpPacket.TryCreate(datagram, out TftpPacket packet))
        {
            Dropped++;
            return TftpSessionEvent.Dropped;
        }

        switch (packet.Opcode)
        {
            case TftpOpcode.Ack:
                return OnAck(packet.BlockNumber);
            case TftpOpcode.Error:
                if (_firstUnacked == 0)
                {
                    // The OACK was answered with ERROR: the client only wanted tsize (RFC 2349 probe).
                    Finish(TftpTransferOutcome.AbortedAfterOptionAck, "client aborted after OACK");
                }
                else
                {
                    Finish(TftpTransferOutcome.PeerError, "peer sent ERROR " + (ushort)packet.ErrorCode);
                }

                return TftpSessionEvent.Finished;
            default:
                // RFC 1350 §7: a packet of the wrong type for this transfer; dropped rather than answered so a
                // forged datagram cannot end someone else's transfer.
                Dropped++;
                return TftpSessionEvent.Dropped;
        }
    }

    protected override void Rewind()
    {
        _nextToSend = _firstUnacked;
        SetWindow();
    }

    private TftpSessionEvent OnAck(ushort wireBlock)
    {
        // Candidates: _firstUnacked - 1 (a duplicate) .. _nextToSend - 1 (the last block sent).
        long previous = _firstUnacked - 1;
        long distance = (ushort)(wireBlock - (ushort)previous);
        long sent = _nextToSend - _firstUnacked;
        if (distance == 0 && _windowSize > 1 && sent > 0 && _firstUnacked >= 1 && _fastResendFrom != _firstUnacked)
        {
            // RFC 7440 §4: a receiver that sees a gap acknowledges the last block it has in order, so an ACK for the
            // block just before this window says the window's first block was lost. Resend the window now instead of
            // after a timeout (atftp times out as soon as we would and gives up) — once per window, so duplicated
            // ACKs cannot multiply the stream.
            _fastResendFrom = _firstUnacked;
            ArmTimer();
            Rewind();
            return TftpSessionEvent.Retransmit;
        }

        if (distance == 0 || distance > sent)
        {
            // Duplicate or stale ACK: never answered (Sorcerer's Apprentice, RFC 1123 §4.2.3.1).
            return TftpSessionEvent.Duplicate;
        }

        long acked = previous + distance;
        if (acked > 0)
        {
            Bytes = Math.Min(acked * (long)_blockSize, _file.Length);
        }

        if (acked == _lastBlock)
        {
            Finish(TftpTransferOutcome.Completed);
            return TftpSessionEvent.Finished;
        }

        // RFC 7440 §4: when the receiver acknowledged only part of the window, this resends from the first missing block.
        _firstUnacked = acked + 1;
        _nextToSend = _firstUnacked;
        SetWindow();
        Progressed();
        return TftpSessionEvent.Progress;
    }

    private void SetWindow() => _windowEnd = _firstUnacked == 0 ? 0 : Math.Min(_firstUnacked + _windowSize - 1, _lastBlock);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }

        base.Dispose(disposing);
    }
}
