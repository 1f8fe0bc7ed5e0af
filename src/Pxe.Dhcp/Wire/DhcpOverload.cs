namespace Pxe.Dhcp;

/// <summary>Option 52, option overload (RFC 2132 §9.3): which header fields carry more options.</summary>
[Flags]
public enum DhcpOverload : byte
{
    /// <summary>Neither field is overloaded.</summary>
    None = 0,

    /// <summary>The <c>file</c> field holds options.</summary>
    File = 0b01,

    /// <summary>The <c>sname</c> field holds options.</summary>
    ServerName = 0b10,

    /// <summary>Both fields hold options.</summary>
    Both = File | ServerName,
}
