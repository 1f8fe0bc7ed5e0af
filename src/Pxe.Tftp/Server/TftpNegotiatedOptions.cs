namespace Pxe.Tftp;

/// <summary>The transfer parameters after option negotiation (RFC 2347), and which options the OACK acknowledges.</summary>
internal struct TftpNegotiatedOptions
{
    public int BlockSize;
    public int WindowSize;
    public int TimeoutSeconds;
    public long? TransferSize;
    public bool AckBlockSize;
    public bool AckWindowSize;
    public bool AckTimeout;
    public bool AckTransferSize;

    public static TftpNegotiatedOptions Defaults => new() { BlockSize = TftpLimits.DefaultBlockSize, WindowSize = 1 };

    /// <summary>Whether an OACK must be sent (RFC 2347 §2: only when at least one option is acknowledged).</summary>
    public readonly bool HasAcknowledgedOptions => AckBlockSize || AckWindowSize || AckTimeout || AckTransferSize;

    /// <summary>Writes the OACK for the acknowledged options, in a fixed order.</summary>
    public readonly bool TryWriteOptionAck(Span<byte> destination, out int bytesWritten)
    {
        var w = new TftpPacketWriter(destination);
        bool ok = w.TryWriteOptionAck()
            && (!AckBlockSize || w.TryWriteOption(TftpAscii.BlockSize, BlockSize))
            && (!AckTransferSize || w.TryWriteOption(TftpAscii.TransferSize, TransferSize ?? 0))
            && (!AckTimeout || w.TryWriteOption(TftpAscii.Timeout, TimeoutSeconds))
            && (!AckWindowSize || w.TryWriteOption(TftpAscii.WindowSize, WindowSize));
        bytesWritten = ok ? w.BytesWritten : 0;
        return ok;
    }
}
