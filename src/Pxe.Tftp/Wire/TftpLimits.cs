namespace Pxe.Tftp;

/// <summary>The protocol's fixed sizes and the library's default limits, in one place.</summary>
public static class TftpLimits
{
    /// <summary>The smallest block size a client may ask for (RFC 2348 §2).</summary>
    public const int MinBlockSize = 8;

    /// <summary>The largest block size a client may ask for (RFC 2348 §2): 65,464 = 65,535 − 20 (IP) − 8 (UDP) − 4 (TFTP) − 39.</summary>
    public const int MaxBlockSize = 65464;

    /// <summary>The block size when none is negotiated (RFC 1350 §2).</summary>
    public const int DefaultBlockSize = 512;

    /// <summary>
    /// The default largest block size the server accepts: 1468 bytes fill one 1500-byte Ethernet frame
    /// (1500 − 20 IP − 8 UDP − 4 TFTP). Larger blocks fragment, and several firmware clients cannot reassemble.
    /// </summary>
    public const int DefaultServerMaxBlockSize = 1468;

    /// <summary>The smallest window size (RFC 7440 §2).</summary>
    public const int MinWindowSize = 1;

    /// <summary>The largest window size the protocol allows (RFC 7440 §2).</summary>
    public const int MaxWindowSize = 65535;

    /// <summary>The default largest window size the server accepts; bounds the blocks in flight per transfer.</summary>
    public const int DefaultServerMaxWindowSize = 64;

    /// <summary>The smallest <c>timeout</c> option value in seconds (RFC 2349 §2).</summary>
    public const int MinTimeoutSeconds = 1;

    /// <summary>The largest <c>timeout</c> option value in seconds (RFC 2349 §2).</summary>
    public const int MaxTimeoutSeconds = 255;

    /// <summary>The length of the opcode plus block number header of DATA and ACK.</summary>
    public const int HeaderLength = 4;

    /// <summary>The length of an ACK packet.</summary>
    public const int AckLength = 4;

    /// <summary>The largest DATA packet: header plus <see cref="MaxBlockSize"/>.</summary>
    public const int MaxPacketLength = HeaderLength + MaxBlockSize;

    /// <summary>The largest request (RRQ/WRQ) the server reads; longer ones are dropped. Fits one Ethernet frame.</summary>
    public const int MaxRequestLength = 1472;

    /// <summary>The largest error message the library writes, in bytes (longer messages are cut).</summary>
    public const int MaxErrorMessageLength = 255;

    /// <summary>The number of distinct block numbers on the wire; block numbers wrap from 65535 to 0 (not to 1), as tftp-hpa, curl and atftp expect.</summary>
    public const int BlockNumberModulus = 65536;
}
