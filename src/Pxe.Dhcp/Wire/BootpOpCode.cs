namespace Pxe.Dhcp;

/// <summary>The BOOTP <c>op</c> field (RFC 951 §3).</summary>
public enum BootpOpCode : byte
{
    /// <summary>Client to server.</summary>
    BootRequest = 1,

    /// <summary>Server to client.</summary>
    BootReply = 2,
}
