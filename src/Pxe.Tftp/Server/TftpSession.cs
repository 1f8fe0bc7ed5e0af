using System.Diagnostics;

namespace Pxe.Tftp;

/// <summary>
/// One transfer's protocol state machine, fed with datagrams and timer ticks and drained of packets to send.
/// No sockets: the transport (or a test, or a pcap replay) moves the bytes; the clock is a <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// Use: after creation and after every <see cref="Receive"/> or <see cref="OnTimer"/>, call
/// <see cref="TryWriteNext"/> until it returns <see langword="false"/> and send each packet; wait for the next
/// datagram until <see cref="DeadlineTimestamp"/>.
/// </remarks>
internal abstract class TftpSession : IDisposable
{
    private readonly TimeProvider _time;
    private readonly long _timeoutTicks;
    private readonly int _maxRetries;
    private int _retries;

    protected TftpSession(TimeProvider time, TimeSpan timeout, int maxRetries)
    {
        _time = time;
        _timeoutTicks = (long)(timeout.TotalSeconds * time.TimestampFrequency);
        _maxRetries = maxRetries;
        Timeout = timeout;
        ArmTimer();
    }

    /// <summary>How the transfer ended, or <see cref="TftpTransferOutcome.Running"/>.</summary>
    public TftpTransferOutcome Outcome { get; protected set; }

    /// <summary>A short description of a failure, for logs.</summary>
    public string? FailureReason { get; protected set; }

    /// <summary>The error the local side should send to the peer when the transfer failed locally, if any.</summary>
    public TftpErrorCode? ErrorToSend { get; protected set; }

    /// <summary>The retransmission timeout.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>When the timer expires, in <see cref="TimeProvider.GetTimestamp"/> units.</summary>
    public long DeadlineTimestamp { get; private set; }

    /// <summary>Payload bytes moved so far (sent and acknowledged, or received).</summary>
    public long Bytes { get; protected set; }

    /// <summary>Packets sent again after a timeout or a window recovery.</summary>
    public long Retransmits { get; protected set; }

    /// <summary>Datagrams dropped as malformed or out of place.</summary>
    public long Dropped { get; protected set; }

    /// <summary>Whether the transfer has ended.</summary>
    public bool IsFinished => Outcome != TftpTransferOutcome.Running;

    /// <summary>The time left until <see cref="DeadlineTimestamp"/> (zero when past).</summary>
    public TimeSpan TimeUntilDeadline
    {
        get
        {
            long left = DeadlineTimestamp - _time.GetTimestamp();
            return left <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(left / (double)_time.TimestampFrequency);
        }
    }

    protected TimeProvider Time => _time;

    /// <summary>Feeds one datagram from the peer.</summary>
    public abstract TftpSessionEvent Receive(ReadOnlySpan<byte> datagram);

    /// <summary>Writes the next packet to send, if any.</summary>
    public abstract bool TryWriteNext(Span<byte> destination, out int bytesWritten);

    /// <summary>Called when everything allowed has been sent and the session waits for the peer: a chance to get the next packet's data ready.</summary>
    public virtual void PrepareAhead()
    {
    }

    /// <summary>Checks the timer: past the deadline, schedules a retransmission or gives up.</summary>
    public TftpSessionEvent OnTimer()
    {
        if (IsFinished || _time.GetTimestamp() < DeadlineTimestamp)
        {
            return TftpSessionEvent.None;
        }

        if (OnIdleTimeout())
        {
            return TftpSessionEvent.Finished;
        }

        if (++_retries > _maxRetries)
        {
            Finish(TftpTransferOutcome.TimedOut, "no answer after retransmissions");
            return TftpSessionEvent.Finished;
        }

        ArmTimer();
        Rewind();
        return TftpSessionEvent.Retransmit;
    }

    /// <summary>Ends the transfer because the host is stopping.</summary>
    public void Cancel()
    {
        if (!IsFinished)
        {
            Finish(TftpTransferOutcome.Cancelled, "server stopping");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the file.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Called when the timer expires; return <see langword="true"/> when the session ends quietly instead (a dally period ending).</summary>
    protected virtual bool OnIdleTimeout() => false;

    /// <summary>Makes the next <see cref="TryWriteNext"/> calls resend what is unacknowledged.</summary>
    protected abstract void Rewind();

    /// <summary>Restarts the retransmission timer and clears the retry count (call on progress).</summary>
    protected void Progressed()
    {
        _retries = 0;
        ArmTimer();
    }

    protected void ArmTimer() => DeadlineTimestamp = _time.GetTimestamp() + _timeoutTicks;

    protected void Finish(TftpTransferOutcome outcome, string? reason = null, TftpErrorCode? errorToSend = null)
    {
        Debug.Assert(outcome != TftpTransferOutcome.Running, "finishing needs an outcome");
        Outcome = outcome;
        FailureReason = reason;
        ErrorToSend = errorToSend;
    }
}
