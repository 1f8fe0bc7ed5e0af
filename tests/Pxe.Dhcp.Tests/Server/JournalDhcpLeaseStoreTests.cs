namespace Pxe.Dhcp.Tests.Server;

public sealed class JournalDhcpLeaseStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pxe-dhcp-journal").FullName;
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static DhcpClientKey Key(int i) => DhcpClientKey.FromHardwareAddress(1, [2, 0, 0, 0, (byte)(i >> 8), (byte)i]);

    [Fact]
    public void Bound_leases_survive_reopen_and_a_torn_last_line_is_skipped()
    {
        string path = Path.Combine(_dir, "leases");
        using (JournalDhcpLeaseStore store = JournalDhcpLeaseStore.Open(path))
        {
            Assert.True(store.TryCommit(new DhcpLease(Key(1), new Ipv4Address(10, 0, 0, 5), Now.AddHours(1), DhcpLeaseState.Bound), Now));
            Assert.True(store.TryCommit(new DhcpLease(Key(2), new Ipv4Address(10, 0, 0, 6), Now.AddHours(1), DhcpLeaseState.Offered), Now));
            Assert.True(store.TryCommit(new DhcpLease(Key(3), new Ipv4Address(10, 0, 0, 7), Now.AddHours(1), DhcpLeaseState.Bound), Now));
            Assert.True(store.Remove(Key(3)));
            Assert.True(store.HasPendingWrites);
            store.Flush();
            Assert.False(store.HasPendingWrites);
        }

        File.AppendAllText(path, "L 0:0102000000000009 10.0.0.9 17"); // torn by a crash: no newline
        using (JournalDhcpLeaseStore store = JournalDhcpLeaseStore.Open(path))
        {
            Assert.Equal(1, store.SkippedLines);
            Assert.Equal(1, store.Count);
            Assert.True(store.TryGetByClient(Key(1), out DhcpLease lease));
            Assert.Equal(new Ipv4Address(10, 0, 0, 5), lease.Address);
            Assert.Equal(DhcpLeaseState.Bound, lease.State);
            Assert.Equal(Now.AddHours(1), lease.ExpiresAt);
            Assert.False(store.TryGetByClient(Key(2), out _)); // offers are not persisted
        }

        Assert.Single(File.ReadAllLines(path)); // compacted on open
    }

    [Fact]
    public void Never_the_same_address_to_two_clients()
    {
        using JournalDhcpLeaseStore store = JournalDhcpLeaseStore.Open(Path.Combine(_dir, "l2"));
        var a = new Ipv4Address(10, 0, 0, 5);
        Assert.True(store.TryCommit(new DhcpLease(Key(1), a, Now.AddHours(1), DhcpLeaseState.Bound), Now));
        Assert.False(store.TryCommit(new DhcpLease(Key(2), a, Now.AddHours(1), DhcpLeaseState.Bound), Now));
        Assert.True(store.TryCommit(new DhcpLease(Key(2), a, Now.AddHours(3), DhcpLeaseState.Bound), Now.AddHours(2)));
        Assert.False(store.TryGetByClient(Key(1), out _));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void Journal_is_compacted_when_it_grows()
    {
        string path = Path.Combine(_dir, "l3");
        using JournalDhcpLeaseStore store = JournalDhcpLeaseStore.Open(path);
        for (int round = 0; round < 3000; round++)
        {
            store.TryCommit(new DhcpLease(Key(round % 10), new Ipv4Address(10, 0, 0, (byte)(round % 10)), Now.AddSeconds(round), DhcpLeaseState.Bound), Now);
            if (round % 100 == 0)
            {
                store.Flush();
            }
        }

        store.Flush();
        Assert.True(File.ReadAllLines(path).Length < JournalDhcpLeaseStore.CompactionMinimumLines);
        using JournalDhcpLeaseStore reopened = JournalDhcpLeaseStore.Open(path + "-copy");
        Assert.Equal(0, reopened.Count);
    }
}
