namespace Pxe.Dhcp;

/// <summary>The BOOTP <c>flags</c> field (RFC 2131 §2 figure 2).</summary>
[Flags]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The BOOTP field is called flags (RFC 2131 §2).")]
public enum DhcpFlags : ushort
{
    /// <summary>No flag set.</summary>
    None = 0,

    /// <summary>The client cannot receive unicast IP before it is configured: reply by broadcast (RFC 2131 §4.1).</summary>
    Broadcast = 0b1000_0000_0000_0000,
}
