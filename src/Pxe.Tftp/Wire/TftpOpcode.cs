namespace Pxe.Tftp;

/// <summary>The TFTP opcode, the first two bytes of every packet (RFC 1350 §5, RFC 2347 §2).</summary>
/// <remarks>Keeps wire width; values outside the list pass through a parser untouched (it reports them as unknown).</remarks>
public enum TftpOpcode : ushort
{
    /// <summary>Read request, RRQ (RFC 1350).</summary>
    ReadRequest = 1,

    /// <summary>Write request, WRQ (RFC 1350).</summary>
    WriteRequest = 2,

    /// <summary>A block of data, DATA (RFC 1350).</summary>
    Data = 3,

    /// <summary>Acknowledgment, ACK (RFC 1350).</summary>
    Ack = 4,

    /// <summary>Error, ERROR (RFC 1350).</summary>
    Error = 5,

    /// <summary>Option acknowledgment, OACK (RFC 2347).</summary>
    OptionAck = 6,
}
