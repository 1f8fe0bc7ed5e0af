namespace Pxe.Dhcp;

/// <summary>An <see cref="IDhcpLeaseStore"/> in two dictionaries (client → lease, address → client). Not thread-safe.</summary>
public class InMemoryDhcpLeaseStore : IDhcpLeaseStore
{
    private readonly Dictionary<DhcpClientKey, DhcpLease> _byClient = [];
    private readonly Dictionary<Ipv4Address, DhcpClientKey> _byAddress = [];

    /// <inheritdoc />
    public int Count => _byClient.Count;

    /// <inheritdoc />
    public bool TryGetByClient(in DhcpClientKey client, out DhcpLease lease) => _byClient.TryGetValue(client, out lease);

    /// <inheritdoc />
    public bool TryGetByAddress(Ipv4Address address, out DhcpLease lease)
    {
        if (_byAddress.TryGetValue(address, out DhcpClientKey client) && _byClient.TryGetValue(client, out lease))
        {
            return true;
        }

        lease = default;
        return false;
    }

    /// <inheritdoc />
    public virtual bool TryCommit(in DhcpLease lease, DateTimeOffset now)
    {
        if (_byAddress.TryGetValue(lease.Address, out DhcpClientKey holder) && holder != lease.Client)
        {
            if (_byClient.TryGetValue(holder, out DhcpLease other) && other.HoldsAddress(now))
            {
                return false;
            }

            // The other client's record is expired or released: it loses the address (and its record).
            RemoveCore(holder);
        }

        if (_byClient.TryGetValue(lease.Client, out DhcpLease previous) && previous.Address != lease.Address)
        {
            _byAddress.Remove(previous.Address);
        }

        _byClient[lease.Client] = lease;
        _byAddress[lease.Address] = lease.Client;
        OnCommitted(lease);
        return true;
    }

    /// <inheritdoc />
    public bool Remove(in DhcpClientKey client)
    {
        if (!RemoveCore(client))
        {
            return false;
        }

        OnRemoved(client);
        return true;
    }

    /// <inheritdoc />
    public IReadOnlyList<DhcpLease> Snapshot() => [.. _byClient.Values];

    /// <summary>Called after a record is stored (the journal store appends it).</summary>
    protected virtual void OnCommitted(in DhcpLease lease)
    {
    }

    /// <summary>Called after a record is removed by <see cref="Remove"/> or displaced by a commit.</summary>
    protected virtual void OnRemoved(in DhcpClientKey client)
    {
    }

    /// <summary>Loads a record without notifying (used when replaying a journal).</summary>
    protected void Load(in DhcpLease lease)
    {
        if (_byClient.TryGetValue(lease.Client, out DhcpLease previous))
        {
            _byAddress.Remove(previous.Address);
        }

        if (_byAddress.TryGetValue(lease.Address, out DhcpClientKey holder) && holder != lease.Client)
        {
            _byClient.Remove(holder);
        }

        _byClient[lease.Client] = lease;
        _byAddress[lease.Address] = lease.Client;
    }

    /// <summary>Removes a record without notifying (used when replaying a journal).</summary>
    protected bool Unload(in DhcpClientKey client) => RemoveCore(client);

    private bool RemoveCore(in DhcpClientKey client)
    {
        if (!_byClient.Remove(client, out DhcpLease lease))
        {
            return false;
        }

        if (_byAddress.TryGetValue(lease.Address, out DhcpClientKey holder) && holder == client)
        {
            _byAddress.Remove(lease.Address);
        }

        return true;
    }
}
