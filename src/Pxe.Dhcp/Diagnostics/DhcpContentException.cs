namespace Pxe.Dhcp;

/// <summary>Thrown by convenience (non-Try) APIs when a DHCP message is malformed; the datagram path never throws it.</summary>
public sealed class DhcpContentException : Exception
{
    /// <summary>Creates the exception for <paramref name="status"/>.</summary>
    public DhcpContentException(DhcpParseStatus status)
        : base($"The DHCP message is malformed: {status}.")
    {
        Status = status;
    }

    /// <summary>Creates the exception with a message.</summary>
    public DhcpContentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public DhcpContentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no detail.</summary>
    public DhcpContentException()
    {
    }

    /// <summary>Why the message was rejected.</summary>
    public DhcpParseStatus Status { get; }
}
