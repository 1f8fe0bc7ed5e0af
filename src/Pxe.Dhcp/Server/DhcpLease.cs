namespace Pxe.Dhcp;

/// <summary>The state of a lease record.</summary>
public enum DhcpLeaseState : byte
{
    /// <summary>Offered (DHCPOFFER sent), held briefly; not persisted.</summary>
    Offered = 0,

    /// <summary>Bound (DHCPACK sent); persisted.</summary>
    Bound = 1,

    /// <summary>Released by the client (DHCPRELEASE); kept so the client gets the same address again.</summary>
    Released = 2,

    /// <summary>Declined (DHCPDECLINE): the address is in use by someone else; held out of the pool until it expires.</summary>
    Declined = 3,
}

/// <summary>One lease: who holds which address until when.</summary>
/// <param name="Client">The client identity.</param>
/// <param name="Address">The address.</param>
/// <param name="ExpiresAt">When the lease (or the offer hold, or the decline quarantine) ends.</param>
/// <param name="State">The lease state.</param>
public readonly record struct DhcpLease(DhcpClientKey Client, Ipv4Address Address, DateTimeOffset ExpiresAt, DhcpLeaseState State)
{
    /// <summary>Whether the address is still held at <paramref name="now"/> (bound or offered and not expired, or declined and quarantined).</summary>
    public bool HoldsAddress(DateTimeOffset now) => State != DhcpLeaseState.Released && ExpiresAt > now;
}
