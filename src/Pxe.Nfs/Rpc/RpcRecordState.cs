using System.Diagnostics;

namespace Pxe.Nfs;

/// <summary>
/// The progress of <see cref="RpcRecordScanner"/> over one record: how far the fragment headers have been walked in the
/// caller's buffer, so a re-scan after more data arrives starts where the last one stopped. Call <see cref="Reset"/>
/// after consuming a record.
/// </summary>
[DebuggerDisplay("Scanned = {ScannedLength}, Payload = {PayloadLength}, Fragments = {FragmentCount}, Complete = {IsComplete}")]
public struct RpcRecordState
{
    /// <summary>Bytes of the buffer (headers and payload) covered by complete fragments so far; once complete, the record's wire length.</summary>
    public long ScannedLength { get; internal set; }

    /// <summary>Payload bytes (without fragment headers) in the complete fragments so far.</summary>
    public int PayloadLength { get; internal set; }

    /// <summary>How many complete fragments have been seen.</summary>
    public int FragmentCount { get; internal set; }

    /// <summary>Whether the last fragment has been seen (the record is complete).</summary>
    public bool IsComplete { get; internal set; }

    /// <summary>Forgets the record, ready for the next one.</summary>
    public void Reset() => this = default;
}
