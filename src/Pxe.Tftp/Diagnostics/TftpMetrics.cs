using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Pxe.Tftp;

/// <summary>
/// The server's instruments on the <c>Pxe.Tftp</c> meter: <c>pxe.tftp.transfers</c> (tag <c>outcome</c>,
/// <c>direction</c>), <c>pxe.tftp.bytes</c> (tag <c>direction</c>), <c>pxe.tftp.retransmits</c>,
/// <c>pxe.tftp.errors</c> (tag <c>reason</c>), <c>pxe.tftp.dropped</c> (tag <c>reason</c>) and
/// <c>pxe.tftp.active_transfers</c>.
/// </summary>
public sealed class TftpMetrics : IDisposable
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Pxe.Tftp";

    private readonly Meter _meter;
    private readonly Counter<long> _transfers;
    private readonly Counter<long> _bytes;
    private readonly Counter<long> _retransmits;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _dropped;
    private readonly UpDownCounter<long> _active;

    /// <summary>Creates the instruments from <paramref name="meterFactory"/>, or on a private meter when it is <see langword="null"/>.</summary>
    public TftpMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _transfers = _meter.CreateCounter<long>("pxe.tftp.transfers", "{transfer}", "Transfers finished, by outcome and direction.");
        _bytes = _meter.CreateCounter<long>("pxe.tftp.bytes", "By", "Payload bytes transferred.");
        _retransmits = _meter.CreateCounter<long>("pxe.tftp.retransmits", "{packet}", "Packets sent again.");
        _errors = _meter.CreateCounter<long>("pxe.tftp.errors", "{error}", "Requests refused and transfers failed, by reason.");
        _dropped = _meter.CreateCounter<long>("pxe.tftp.dropped", "{datagram}", "Datagrams dropped, by reason.");
        _active = _meter.CreateUpDownCounter<long>("pxe.tftp.active_transfers", "{transfer}", "Transfers running.");
    }

    internal void TransferStarted() => _active.Add(1);

    internal void TransferFinished(TftpTransferOutcome outcome, bool isWrite, long bytes, long retransmits)
    {
        _active.Add(-1);
        string direction = isWrite ? "write" : "read";
        _transfers.Add(1, new TagList { { "outcome", OutcomeName(outcome) }, { "direction", direction } });
        if (bytes > 0)
        {
            _bytes.Add(bytes, new KeyValuePair<string, object?>("direction", direction));
        }

        if (retransmits > 0)
        {
            _retransmits.Add(retransmits);
        }

        if (outcome is not (TftpTransferOutcome.Completed or TftpTransferOutcome.AbortedAfterOptionAck))
        {
            _errors.Add(1, new KeyValuePair<string, object?>("reason", OutcomeName(outcome)));
        }
    }

    internal void Refused(TftpErrorCode code) => _errors.Add(1, new KeyValuePair<string, object?>("reason", RefusalName(code)));

    internal void Dropped(string reason, long count = 1)
    {
        if (count > 0)
        {
            _dropped.Add(count, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private static string OutcomeName(TftpTransferOutcome outcome) => outcome switch
    {
        TftpTransferOutcome.Completed => "completed",
        TftpTransferOutcome.AbortedAfterOptionAck => "tsize_probe",
        TftpTransferOutcome.PeerError => "peer_error",
        TftpTransferOutcome.TimedOut => "timeout",
        TftpTransferOutcome.ProtocolError => "protocol_error",
        TftpTransferOutcome.LocalError => "local_error",
        TftpTransferOutcome.Cancelled => "cancelled",
        _ => "running",
    };

    private static string RefusalName(TftpErrorCode code) => code switch
    {
        TftpErrorCode.FileNotFound => "file_not_found",
        TftpErrorCode.AccessViolation => "access_violation",
        TftpErrorCode.DiskFull => "disk_full",
        TftpErrorCode.IllegalOperation => "illegal_operation",
        TftpErrorCode.FileAlreadyExists => "file_exists",
        _ => "refused",
    };
}
