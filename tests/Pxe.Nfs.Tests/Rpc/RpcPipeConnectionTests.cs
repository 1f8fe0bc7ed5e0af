using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Pxe.Nfs;
using Pxe.Testing;

namespace Pxe.Nfs.Tests.Rpc;

/// <summary>RPC served over connections the host owns, as <see cref="IDuplexPipe"/>s (System.IO.Pipelines).</summary>
public class RpcPipeConnectionTests
{
    private static byte[] NullCall(uint xid)
    {
        byte[] buffer = new byte[128];
        var w = new XdrWriter(buffer);
        RpcCall.WriteHeader(ref w, xid, RpcProgram.Nfs, 3, 0, RpcCaller.Create(AuthFlavor.Sys, 0, 0));
        return buffer[..w.BytesWritten];
    }

    /// <summary>A record of <paramref name="payload"/> cut into fragments of at most <paramref name="fragment"/> bytes.</summary>
    private static byte[] Record(byte[] payload, int fragment)
    {
        var record = new List<byte>();
        for (int offset = 0; offset < payload.Length; offset += fragment)
        {
            int length = Math.Min(fragment, payload.Length - offset);
            byte[] mark = new byte[4];
            RpcRecordScanner.WriteRecordMark(mark, length);
            if (offset + length < payload.Length)
            {
                mark[0] &= 0x7F; // not the last fragment
            }

            record.AddRange(mark);
            record.AddRange(payload.AsSpan(offset, length).ToArray());
        }

        return [.. record];
    }

    private static async Task<List<uint>> ReadReplyXidsAsync(PipeReader reader, int count)
    {
        var xids = new List<uint>();
        while (xids.Count < count)
        {
            ReadResult result = await reader.ReadAsync();
            System.Buffers.ReadOnlySequence<byte> buffer = result.Buffer;
            var state = default(RpcRecordState);
            while (RpcRecordScanner.TryRead(ref state, buffer) == System.Buffers.OperationStatus.Done)
            {
                byte[] payload = new byte[state.PayloadLength];
                RpcRecordScanner.CopyPayload(buffer, state, payload);
                var r = new XdrReader(payload);
                Assert.True(RpcReplyHeader.TryRead(ref r, out RpcReplyHeader header));
                Assert.Equal(AcceptStatus.Success, header.AcceptStatus);
                xids.Add(header.Xid);
                buffer = buffer.Slice(state.ScannedLength);
                state.Reset();
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            Assert.False(result.IsCompleted && xids.Count < count, "the server closed the connection early");
        }

        return xids;
    }

    [Fact]
    public async Task Calls_fed_a_byte_at_a_time_in_many_fragments_are_each_answered_once_in_order()
    {
        var fs = new InMemoryFileSystem();
        var server = new RpcPipeConnection<NfsRpcHandler>(EngineFactory.Create(fs));
        var toServer = new Pipe();
        var toClient = new Pipe();
        Task<long> serving = server.ServeAsync(new DuplexPipe(toServer.Reader, toClient.Writer), new IPEndPoint(IPAddress.Loopback, 999));

        byte[] stream = [.. Record(NullCall(1), 5), .. Record(NullCall(2), 1000), .. Record(NullCall(3), 1)];
        foreach (byte b in stream)
        {
            await toServer.Writer.WriteAsync(new[] { b });
        }

        Assert.Equal([1u, 2u, 3u], await ReadReplyXidsAsync(toClient.Reader, 3).WaitAsync(TimeSpan.FromSeconds(10)));
        await toServer.Writer.CompleteAsync();
        Assert.Equal(3, await serving.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_record_over_the_maximum_closes_the_connection_without_buffering_it()
    {
        var server = new RpcPipeConnection<NfsRpcHandler>(EngineFactory.Create(new InMemoryFileSystem()), maxRecordLength: 4096);
        var toServer = new Pipe();
        var toClient = new Pipe();
        Task<long> serving = server.ServeAsync(new DuplexPipe(toServer.Reader, toClient.Writer), null);
        await toServer.Writer.WriteAsync(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3 }); // a 2 GiB record mark
        Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(10)));
        ReadResult end = await toClient.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(end.IsCompleted);
        Assert.True(end.Buffer.IsEmpty);
    }

    /// <summary>
    /// libnfs's nfs-ls and nfs-cat against an NfsServer whose connections the test accepts itself and hands over as
    /// pipes over a NetworkStream — how a host that owns its sockets (Kestrel) embeds the NFS server.
    /// </summary>
    [Fact]
    public async Task Libnfs_lists_and_reads_through_connections_served_as_pipes()
    {
        var fs = new InMemoryFileSystem();
        fs.AddFile("boot/vmlinuz", "kernel bytes"u8);
        fs.AddFile("etc/hostname", "pxe\n"u8);
        await using TestServer server = await TestServer.StartInMemoryAsync(fs);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var served = new List<Task<long>>();
        Task accepting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Socket socket = await listener.AcceptSocketAsync(stop.Token);
                var stream = new NetworkStream(socket, ownsSocket: true);
                var pipe = new DuplexPipe(PipeReader.Create(stream), PipeWriter.Create(stream));
                lock (served)
                {
                    served.Add(server.Server.ServeConnectionAsync(pipe, (IPEndPoint)socket.RemoteEndPoint!, stop.Token));
                }
            }
        });

        string url = $"nfs://127.0.0.1/mem/{{0}}?version=3&nfsport={port}&mountport={port}";
        PeerResult ls = await PeerProcess.RunAsync("nfs-ls", ["-R", string.Format(System.Globalization.CultureInfo.InvariantCulture, url, string.Empty)], TimeSpan.FromSeconds(30));
        Assert.True(ls.ExitCode == 0, ls.Output);
        Assert.Contains("boot/vmlinuz", ls.StandardOutput);
        Assert.Contains("etc/hostname", ls.StandardOutput);
        PeerResult cat = await PeerProcess.RunAsync("nfs-cat", [string.Format(System.Globalization.CultureInfo.InvariantCulture, url, "boot/vmlinuz")], TimeSpan.FromSeconds(30));
        Assert.True(cat.ExitCode == 0, cat.Output);
        Assert.Equal("kernel bytes", cat.StandardOutput.TrimEnd('\n')); // PeerProcess ends the captured output with a line break

        await stop.CancelAsync();
        listener.Stop();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accepting);
        Task<long>[] connections;
        lock (served)
        {
            connections = [.. served];
        }

        Assert.True(connections.Length >= 2, $"expected a connection per tool, saw {connections.Length}");
        long[] calls = await Task.WhenAll(connections).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.All(calls, c => Assert.True(c >= 2, $"a connection carried only {c} calls"));
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
