namespace Pxe.Dhcp;

/// <summary>
/// Lease storage the responder drives. Implementations keep one record per client and one client per address:
/// <see cref="TryCommit"/> must refuse an address another client holds, which is what guarantees no address is
/// ever handed to two clients. Called from one thread at a time (the server serialises the responder).
/// </summary>
public interface IDhcpLeaseStore
{
    /// <summary>The number of records (all states).</summary>
    int Count { get; }

    /// <summary>Finds the record of <paramref name="client"/>.</summary>
    bool TryGetByClient(in DhcpClientKey client, out DhcpLease lease);

    /// <summary>Finds the record that holds (or last held) <paramref name="address"/>.</summary>
    bool TryGetByAddress(Ipv4Address address, out DhcpLease lease);

    /// <summary>
    /// Stores <paramref name="lease"/> as the client's only record. Returns <see langword="false"/> and changes
    /// nothing when another client's record still holds the address at <paramref name="now"/>; an expired record of
    /// another client on that address is removed.
    /// </summary>
    bool TryCommit(in DhcpLease lease, DateTimeOffset now);

    /// <summary>Removes the record of <paramref name="client"/>; <see langword="false"/> when there is none.</summary>
    bool Remove(in DhcpClientKey client);

    /// <summary>A snapshot of every record (for tools and tests; allocates).</summary>
    IReadOnlyList<DhcpLease> Snapshot();
}

/// <summary>
/// Optional capability of a <see cref="IDhcpLeaseStore"/> that persists: the server calls <see cref="Flush"/>
/// before it sends any DHCPACK from a batch, so an acknowledged lease survives a crash (RFC 2131 §4.3.2 "the
/// server MUST commit the lease to persistent storage before sending a DHCPACK").
/// </summary>
public interface IDurableDhcpLeaseStore : IDhcpLeaseStore
{
    /// <summary>Whether commits are waiting for <see cref="Flush"/>.</summary>
    bool HasPendingWrites { get; }

    /// <summary>Writes pending commits to stable storage (fsync).</summary>
    void Flush();
}
