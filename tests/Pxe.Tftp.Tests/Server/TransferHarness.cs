using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Pxe.Tftp.Tests.Server;

/// <summary>Builds sessions and packets for engine tests: no sockets, a fake clock.</summary>
internal static class TransferHarness
{
    public static readonly IPEndPoint Client = new(IPAddress.Loopback, 40000);

    public static byte[] Request(TftpOpcode opcode, string name, string mode = "octet", params (string Name, string Value)[] options)
    {
        byte[] buffer = new byte[1024];
        var w = new TftpPacketWriter(buffer);
        w.TryWriteRequest(opcode, System.Text.Encoding.ASCII.GetBytes(name), System.Text.Encoding.ASCII.GetBytes(mode));
        foreach ((string n, string v) in options)
        {
            w.TryWriteOption(System.Text.Encoding.ASCII.GetBytes(n), System.Text.Encoding.ASCII.GetBytes(v));
        }

        return w.WrittenSpan.ToArray();
    }

    public static byte[] Ack(long block)
    {
        byte[] b = new byte[4];
        TftpPacketWriter.TryWriteAck(b, (ushort)block, out _);
        return b;
    }

    public static byte[] Data(long block, ReadOnlySpan<byte> payload)
    {
        byte[] b = new byte[4 + payload.Length];
        TftpPacketWriter.TryWriteData(b, (ushort)block, payload, out _);
        return b;
    }

    public static byte[] Error(TftpErrorCode code, string message)
    {
        byte[] b = new byte[300];
        TftpPacketWriter.TryWriteError(b, code, System.Text.Encoding.ASCII.GetBytes(message), out int n);
        return b[..n];
    }

    public static TftpTransferSettings Settings(int maxBlock = TftpLimits.DefaultServerMaxBlockSize, int maxWindow = 64, bool allowWrite = false, int retries = 5) =>
        new(maxBlock, maxWindow, TimeSpan.FromSeconds(1), retries, allowWrite, 1 << 24);

    public static TftpSession Start(byte[] request, ITftpFileProvider provider, FakeTimeProvider time, TftpTransferSettings? settings = null)
    {
        TftpTransferStart start = TftpRequestHandler.StartAsync(request, Client, null, settings ?? Settings(), provider, time, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return start.Session ?? throw new InvalidOperationException($"refused: {start.ErrorCode} {start.ErrorMessage}");
    }

    public static List<byte[]> Drain(TftpSession session)
    {
        var list = new List<byte[]>();
        byte[] buffer = new byte[TftpLimits.MaxPacketLength];
        while (session.TryWriteNext(buffer, out int n))
        {
            list.Add(buffer[..n]);
        }

        return list;
    }

    public static byte[] Content(int length, int seed = 1)
    {
        byte[] b = new byte[length];
        new Random(seed).NextBytes(b);
        return b;
    }

    public static InMemoryTftpFileProvider Provider(string name, byte[] content)
    {
        var p = new InMemoryTftpFileProvider();
        p.Set(name, content);
        return p;
    }
}
