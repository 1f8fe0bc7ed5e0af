using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Pxe.Nfs;
using Pxe.Testing;

namespace Pxe.Nfs.Tests.Server;

/// <summary>
/// <see cref="INfsServerObserver"/> through a real <see cref="NfsServer"/> on 127.0.0.1 and the library's
/// <see cref="Nfs3Client"/>: the events, their peers and byte counts, and an observer that throws.
/// </summary>
public class NfsServerObserverTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>An RPC NULL call to NFSv3 with AUTH_NONE: a 4-byte record mark and ten XDR words.</summary>
    private static byte[] NullCall(uint xid)
    {
        var record = new byte[44];
        Span<byte> s = record;
        BinaryPrimitives.WriteUInt32BigEndian(s, 0x8000_0000u | 40); // last fragment, 40 bytes
        BinaryPrimitives.WriteUInt32BigEndian(s[4..], xid);
        BinaryPrimitives.WriteUInt32BigEndian(s[8..], 0); // CALL
        BinaryPrimitives.WriteUInt32BigEndian(s[12..], 2); // RPC version
        BinaryPrimitives.WriteUInt32BigEndian(s[16..], RpcProgram.Nfs);
        BinaryPrimitives.WriteUInt32BigEndian(s[20..], 3);
        BinaryPrimitives.WriteUInt32BigEndian(s[24..], 0); // NULL
        // credential and verifier: AUTH_NONE, empty (words 7–10 stay zero)
        return record;
    }

    [Fact]
    public async Task Connection_events_carry_the_client_port_the_record_count_and_the_exact_bytes()
    {
        var observer = new RecordingObserver();
        await using TestServer server = await TestServer.StartInMemoryAsync(new InMemoryFileSystem(), observer: observer);
        IPEndPoint local;
        await using (Nfs3Client client = await Nfs3Client.ConnectAsync(server.EndPoint))
        {
            local = client.LocalEndPoint;
            client.CallTimeout = Bound;
            for (uint xid = 1; xid <= 2; xid++)
            {
                await client.SendRawAsync(NullCall(xid));
                byte[] reply = await client.ReceiveRecordAsync();
                Assert.Equal(24, reply.Length); // xid, REPLY, MSG_ACCEPTED, AUTH_NONE verifier, SUCCESS
            }
        }

        await observer.Closed.Task.WaitAsync(Bound);
        Assert.Equal(
        [
            $"opened {local}",
            $"closed {local} records=2 received=88 sent=56",
        ], observer.Events);
    }

    [Fact]
    public async Task Mounts_granted_and_refused_are_reported_with_peer_path_and_status()
    {
        var observer = new RecordingObserver();
        var fs = new InMemoryFileSystem();
        fs.AddFile("boot/vmlinuz", "kernel"u8);
        await using TestServer server = await TestServer.StartInMemoryAsync(fs, observer: observer);
        IPEndPoint local;
        await using (Nfs3Client client = await Nfs3Client.ConnectAsync(server.EndPoint))
        {
            local = client.LocalEndPoint;
            client.CallTimeout = Bound;
            Assert.Equal(MountStatus.Ok, (await client.MountAsync("/mem")).Status);
            Assert.Equal(MountStatus.Access, (await client.MountAsync("/elsewhere")).Status);
            Assert.Equal(MountStatus.NoEnt, (await client.MountAsync("/mem/missing")).Status);
            (MountStatus status, byte[] boot) = await client.MountAsync("/mem/boot");
            Assert.Equal(MountStatus.Ok, status);
            Assert.Equal(Nfs3Status.Ok, (await client.GetAttributesAsync(boot)).Status); // NFS calls are not reported
        }

        await observer.Closed.Task.WaitAsync(Bound);
        Assert.Equal(6, observer.Events.Count);
        Assert.Equal(
        [
            $"opened {local}",
            "granted 127.0.0.1 /mem",
            "refused 127.0.0.1 /elsewhere Access",
            "refused 127.0.0.1 /mem/missing NoEnt",
            "granted 127.0.0.1 /mem/boot",
        ], observer.Events.Take(5));
        Assert.StartsWith($"closed {local} records=5 ", observer.Events[5], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_observer_that_throws_changes_no_reply_and_is_logged_once_at_warning()
    {
        var observer = new ThrowingObserver();
        var logger = new RecordingLogger<NfsServer>();
        await using TestServer server = await TestServer.StartInMemoryAsync(new InMemoryFileSystem(), observer: observer, logger: logger);
        for (int connection = 0; connection < 2; connection++)
        {
            await using Nfs3Client client = await Nfs3Client.ConnectAsync(server.EndPoint);
            client.CallTimeout = Bound;
            (MountStatus status, byte[] root) = await client.MountAsync("/mem");
            Assert.Equal(MountStatus.Ok, status);
            Assert.Equal(MountStatus.Access, (await client.MountAsync("/elsewhere")).Status);
            Assert.Equal(Nfs3Status.Ok, (await client.GetAttributesAsync(root)).Status);
        }

        // Two connections: opened, granted, refused and closed each threw twice (closed after the client left).
        using var cts = new CancellationTokenSource(Bound);
        IReadOnlyList<LogEntry> failures;
        while ((failures = [.. logger.Entries.Where(e => e.EventId is 3012 or 3013)]).Count < 8)
        {
            await Task.Delay(10, cts.Token);
        }

        await Task.Delay(100, cts.Token); // nothing more is coming
        failures = [.. logger.Entries.Where(e => e.EventId is 3012 or 3013)];
        Assert.Equal(8, failures.Count);
        Assert.Equal(8, Volatile.Read(ref observer.Calls));
        Assert.Equal(LogLevel.Warning, failures[0].Level);
        Assert.All(failures.Skip(1), e => Assert.Equal(LogLevel.Debug, e.Level));
        Assert.All(failures, e => Assert.IsType<InvalidOperationException>(e.Exception));
    }

    private sealed class RecordingObserver : INfsServerObserver
    {
        private readonly ConcurrentQueue<string> _events = new();

        public TaskCompletionSource Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<string> Events => [.. _events];

        public void OnConnectionOpened(IPEndPoint peer) => _events.Enqueue($"opened {peer}");

        public void OnConnectionClosed(IPEndPoint peer, long records, long bytesReceived, long bytesSent)
        {
            _events.Enqueue($"closed {peer} records={records} received={bytesReceived} sent={bytesSent}");
            Closed.TrySetResult();
        }

        public void OnMountGranted(IPAddress? peer, string path) => _events.Enqueue($"granted {peer} {path}");

        public void OnMountRefused(IPAddress? peer, string path, MountStatus status) => _events.Enqueue($"refused {peer} {path} {status}");
    }

    private sealed class ThrowingObserver : INfsServerObserver
    {
        public int Calls;

        public void OnConnectionOpened(IPEndPoint peer) => Throw();

        public void OnConnectionClosed(IPEndPoint peer, long records, long bytesReceived, long bytesSent) => Throw();

        public void OnMountGranted(IPAddress? peer, string path) => Throw();

        public void OnMountRefused(IPAddress? peer, string path, MountStatus status) => Throw();

        private void Throw()
        {
            Interlocked.Increment(ref Calls);
            throw new InvalidOperationException("observer failure");
        }
    }
}
