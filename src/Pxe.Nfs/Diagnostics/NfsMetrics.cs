using System.Diagnostics.Metrics;

namespace Pxe.Nfs;

/// <summary>
/// The server's instruments (meter <c>Pxe.Nfs</c>): <c>pxe.nfs.calls</c> (tags: program, procedure),
/// <c>pxe.nfs.errors</c> (tag: status), <c>pxe.nfs.bytes_received</c>, <c>pxe.nfs.bytes_sent</c>,
/// <c>pxe.nfs.bytes_written</c>, <c>pxe.nfs.directory_entries</c>, <c>pxe.nfs.dropped</c> (tag: reason).
/// </summary>
public sealed class NfsMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Pxe.Nfs";

    private static readonly string[] NfsProcedureNames =
    [
        "NULL", "GETATTR", "SETATTR", "LOOKUP", "ACCESS", "READLINK", "READ", "WRITE", "CREATE", "MKDIR", "SYMLINK",
        "MKNOD", "REMOVE", "RMDIR", "RENAME", "LINK", "READDIR", "READDIRPLUS", "FSSTAT", "FSINFO", "PATHCONF", "COMMIT",
    ];

    private readonly Counter<long> _calls;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _received;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _written;
    private readonly Counter<long> _entries;
    private readonly Counter<long> _dropped;

    /// <summary>Creates the instruments on <paramref name="meterFactory"/> (or a private meter when null).</summary>
    public NfsMetrics(IMeterFactory? meterFactory)
    {
        Meter meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _calls = meter.CreateCounter<long>("pxe.nfs.calls", "{call}", "RPC calls by program and procedure.");
        _errors = meter.CreateCounter<long>("pxe.nfs.errors", "{reply}", "NFSv3 replies with a non-OK status, by status.");
        _received = meter.CreateCounter<long>("pxe.nfs.bytes_received", "By", "RPC bytes received.");
        _sent = meter.CreateCounter<long>("pxe.nfs.bytes_sent", "By", "RPC bytes sent.");
        _written = meter.CreateCounter<long>("pxe.nfs.bytes_written", "By", "File bytes written by WRITE.");
        _entries = meter.CreateCounter<long>("pxe.nfs.directory_entries", "{entry}", "Directory entries listed.");
        _dropped = meter.CreateCounter<long>("pxe.nfs.dropped", "{message}", "Messages or connections dropped, by reason.");
    }

    internal void RecordCall(uint program, uint procedure)
    {
        if (!_calls.Enabled)
        {
            return;
        }

        string programName = program switch { RpcProgram.Nfs => "nfs", RpcProgram.Mount => "mount", RpcProgram.Portmap => "portmap", _ => "other" };
        string procedureName = program == RpcProgram.Nfs && procedure < NfsProcedureNames.Length ? NfsProcedureNames[procedure] : ProcedureNumber(procedure);
        _calls.Add(1, new KeyValuePair<string, object?>("program", programName), new KeyValuePair<string, object?>("procedure", procedureName));
    }

    internal void RecordNfsStatus(uint procedure, Nfs3Status status)
    {
        if (status != Nfs3Status.Ok && _errors.Enabled)
        {
            _errors.Add(1, new KeyValuePair<string, object?>("status", status.ToString()), new KeyValuePair<string, object?>("procedure", procedure < NfsProcedureNames.Length ? NfsProcedureNames[procedure] : "?"));
        }
    }

    internal void RecordMount(MountStatus status)
    {
        if (status != MountStatus.Ok && _errors.Enabled)
        {
            _errors.Add(1, new KeyValuePair<string, object?>("status", "MNT_" + status.ToString()));
        }
    }

    internal void RecordBadHandle() => _dropped.Add(1, new KeyValuePair<string, object?>("reason", "bad_handle"));

    internal void RecordBytes(long received, long sent)
    {
        _received.Add(received);
        _sent.Add(sent);
    }

    internal void RecordBytesWritten(long count) => _written.Add(count);

    internal void RecordDirectoryEntries(long count) => _entries.Add(count);

    internal void RecordDrop(string reason) => _dropped.Add(1, new KeyValuePair<string, object?>("reason", reason));

    private static string ProcedureNumber(uint procedure) => procedure switch
    {
        0 => "0", 1 => "1", 2 => "2", 3 => "3", 4 => "4", 5 => "5", _ => "other",
    };
}
