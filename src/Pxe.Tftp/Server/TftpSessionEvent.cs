namespace Pxe.Tftp;

/// <summary>What one input (datagram or timer tick) did to a transfer session.</summary>
internal enum TftpSessionEvent
{
    /// <summary>Nothing happened (the timer had not expired).</summary>
    None = 0,

    /// <summary>The transfer advanced; there may be packets to send.</summary>
    Progress,

    /// <summary>The datagram was a duplicate or stale: ignored, nothing is sent (Sorcerer's Apprentice rule).</summary>
    Duplicate,

    /// <summary>The datagram was not a valid packet for this state and was dropped.</summary>
    Dropped,

    /// <summary>The timer expired and the unacknowledged packets will be sent again.</summary>
    Retransmit,

    /// <summary>The transfer has ended (see the session's outcome).</summary>
    Finished,
}
