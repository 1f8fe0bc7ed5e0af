using Pxe.Nfs;
using Pxe.Testing;

namespace Pxe.Nfs.Tests.Rpc;

/// <summary>How the TCP listener runs connections: on threads it keeps, one connection at a time each.</summary>
public class RpcTcpListenerTests
{
    [Fact]
    public async Task Short_connections_one_after_another_reuse_the_connection_thread()
    {
        const int Connections = 20;
        var fs = new InMemoryFileSystem();
        fs.AddFile("f", "x"u8);
        var log = new RecordingLogger<NfsServer>();
        await using TestServer server = await TestServer.StartInMemoryAsync(fs, logger: log);
        for (int i = 0; i < Connections; i++)
        {
            await using (Nfs3Client client = await Nfs3Client.ConnectAsync(server.EndPoint))
            {
                (MountStatus status, byte[] root) = await client.MountAsync("/mem");
                Assert.Equal(MountStatus.Ok, status);
                Assert.Equal(Nfs3Status.Ok, (await client.GetAttributesAsync(root)).Status);
            }

            // The worker parks itself just after it logs the close; the next connection finds it idle.
            await WaitForClosedAsync(log, i + 1, TimeSpan.FromSeconds(10));
            await Task.Delay(20);
        }

        Assert.Equal(Connections, Accepted(log).Count);
        Assert.InRange(ServingThreads(log), 1, 3);
    }

    [Fact]
    public async Task Concurrent_connections_each_get_a_thread_and_all_are_answered()
    {
        const int Clients = 12;
        var fs = new InMemoryFileSystem();
        fs.AddFile("f", new byte[100_000]);
        var log = new RecordingLogger<NfsServer>();
        await using TestServer server = await TestServer.StartInMemoryAsync(fs, logger: log);
        Nfs3Client[] clients = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Nfs3Client.ConnectAsync(server.EndPoint)));
        try
        {
            int[] lengths = await Task.WhenAll(clients.Select(async c =>
            {
                (MountStatus status, byte[] root) = await c.MountAsync("/mem");
                Assert.Equal(MountStatus.Ok, status);
                (Nfs3Status s, byte[] handle, _) = await c.LookupAsync(root, "f");
                Assert.Equal(Nfs3Status.Ok, s);
                (Nfs3Status rs, byte[] data, _) = await c.ReadAsync(handle, 0, 65536);
                Assert.Equal(Nfs3Status.Ok, rs);
                return data.Length;
            }));
            Assert.All(lengths, l => Assert.Equal(65536, l));
        }
        finally
        {
            foreach (Nfs3Client c in clients)
            {
                await c.DisposeAsync();
            }
        }

        // Every connection was open at once, so none could share a thread.
        Assert.Equal(Clients, ServingThreads(log));
    }

    [Fact]
    public async Task A_client_that_closes_with_a_reset_is_a_normal_close()
    {
        // libnfs closes every connection with SO_LINGER 0, so the server's next receive sees ECONNRESET.
        var log = new RecordingLogger<NfsServer>();
        await using TestServer server = await TestServer.StartInMemoryAsync(new InMemoryFileSystem(), logger: log);
        byte[] nullCall = new byte[4 + 40];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(nullCall, 0x8000_0000u | 40);
        uint[] header = [0x1234, 0, 2, RpcProgram.Nfs, 3, 0, 0, 0, 0, 0]; // xid, CALL, RPC 2, NFS 3, NULL, AUTH_NONE x2
        for (int i = 0; i < header.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(nullCall.AsSpan(4 + (4 * i)), header[i]);
        }

        for (int i = 0; i < 3; i++)
        {
            using (var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp))
            {
                await socket.ConnectAsync(server.EndPoint);
                await socket.SendAsync(nullCall);
                byte[] reply = new byte[4 + 24];
                for (int got = 0; got < reply.Length;)
                {
                    int n = await socket.ReceiveAsync(reply.AsMemory(got));
                    Assert.True(n > 0, "the server closed before replying");
                    got += n;
                }

                socket.LingerState = new System.Net.Sockets.LingerOption(true, 0);
            }

            await WaitForClosedAsync(log, i + 1, TimeSpan.FromSeconds(10));
        }

        Assert.DoesNotContain(log.Entries, e => e.EventId == 3004); // ConnectionFailed
    }

    /// <summary>The listener logs EventId 3001 on the thread that serves the connection.</summary>
    private static List<LogEntry> Accepted(RecordingLogger<NfsServer> log) => log.Entries.Where(e => e.EventId == 3001).ToList();

    private static int ServingThreads(RecordingLogger<NfsServer> log) => Accepted(log).Select(e => e.ThreadId).Distinct().Count();

    private static async Task WaitForClosedAsync(RecordingLogger<NfsServer> log, int count, TimeSpan limit)
    {
        DateTime deadline = DateTime.UtcNow + limit;
        int closed;
        while ((closed = log.Entries.Count(e => e.EventId == 3002)) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {closed} of {count} connections closed");
            await Task.Delay(5);
        }
    }
}
