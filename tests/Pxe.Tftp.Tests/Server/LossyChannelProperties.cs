using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;
using Pxe.Testing;
using static Pxe.Tftp.Tests.Server.TransferHarness;

namespace Pxe.Tftp.Tests.Server;

/// <summary>
/// The server's read session and the client's receive session talk through a simulated channel that drops,
/// duplicates and reorders datagrams, on a fake clock. Every run must end with the exact file at the client,
/// or with both sides finished and a clean outcome — never a hang, an exception or corrupt data.
/// </summary>
public class LossyChannelProperties
{
    public sealed record Scenario(int Length, int BlockSize, int WindowSize, int DropPercent, int DuplicatePercent, int MaxDelayMs, int Seed)
    {
        public override string ToString() => $"len={Length} blksize={BlockSize} window={WindowSize} drop={DropPercent}% dup={DuplicatePercent}% delay<={MaxDelayMs}ms seed={Seed}";
    }

    private static Arbitrary<Scenario> Scenarios(int maxDrop) =>
        (from length in Gen.OneOf(Gen.Choose(0, 3000), Gen.Choose(3000, 40000))
         from blockSize in Gen.OneOf(Gen.Choose(8, 64), Gen.Choose(65, 1468), Gen.Elements(512, 1468, 8))
         from window in Gen.OneOf(Gen.Constant(1), Gen.Choose(2, 16), Gen.Choose(17, 64))
         from drop in Gen.Choose(0, maxDrop)
         from dup in Gen.Choose(0, 10)
         from delay in Gen.Choose(0, 40)
         from seed in Gen.Choose(0, int.MaxValue)
         select new Scenario(length, blockSize, window, drop, dup, delay, seed)).ToArbitrary();

    [Fact]
    public void Lossy_duplicating_reordering_channel_delivers_the_exact_file_or_a_clean_error() =>
        PropertyCheck.ForAll(Scenarios(25), s =>
        {
            (TftpTransferOutcome server, TftpTransferOutcome client, byte[] received, byte[] content) = Run(s);
            Assert.NotEqual(TftpTransferOutcome.Running, client);
            Assert.NotEqual(TftpTransferOutcome.Running, server);
            if (client == TftpTransferOutcome.Completed)
            {
                Assert.Equal(content, received);
            }
            else
            {
                Assert.Contains(client, new[] { TftpTransferOutcome.TimedOut, TftpTransferOutcome.PeerError });
            }

            if (server == TftpTransferOutcome.Completed)
            {
                Assert.Equal(TftpTransferOutcome.Completed, client);
            }
        }, 150);

    [Fact]
    public void Moderate_loss_always_completes() =>
        PropertyCheck.ForAll(Scenarios(5), s =>
        {
            (_, TftpTransferOutcome client, byte[] received, byte[] content) = Run(s);
            Assert.True(client == TftpTransferOutcome.Completed, $"{s}: client ended {client}");
            Assert.Equal(content, received);
        }, 100);

    private static (TftpTransferOutcome Server, TftpTransferOutcome Client, byte[] Received, byte[] Content) Run(Scenario s)
    {
        var time = new FakeTimeProvider();
        var random = new Random(s.Seed);
        byte[] content = Content(s.Length, s.Seed);
        byte[] rrq = Request(TftpOpcode.ReadRequest, "f", "octet", ("blksize", s.BlockSize.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("windowsize", s.WindowSize.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("tsize", "0"));
        using TftpSession server = Start(rrq, Provider("f", content), time, Settings(maxBlock: TftpLimits.MaxBlockSize, maxWindow: 64, retries: 8));
        var output = new MemoryStream();
        TftpReceiver? client = null;
        var toClient = new List<(long At, byte[] Packet)>();
        var toServer = new List<(long At, byte[] Packet)>();
        long clientGiveUp = time.GetTimestamp() + (long)(30 * time.TimestampFrequency);
        byte[] buffer = new byte[TftpLimits.MaxPacketLength];

        void Send(List<(long, byte[])> channel, ReadOnlySpan<byte> packet)
        {
            if (random.Next(100) < s.DropPercent)
            {
                return;
            }

            int copies = random.Next(100) < s.DuplicatePercent ? 2 : 1;
            for (int i = 0; i < copies; i++)
            {
                long delay = (long)(random.Next(s.MaxDelayMs + 1) / 1000.0 * time.TimestampFrequency);
                channel.Add((time.GetTimestamp() + delay, packet.ToArray()));
            }
        }

        for (int step = 0; step < 2_000_000; step++)
        {
            while (server.TryWriteNext(buffer, out int n))
            {
                Send(toClient, buffer.AsSpan(0, n));
            }

            while (client is not null && client.TryWriteNext(buffer, out int n))
            {
                Send(toServer, buffer.AsSpan(0, n));
            }

            bool clientDone = client?.IsFinished ?? time.GetTimestamp() >= clientGiveUp;
            if (server.IsFinished && clientDone)
            {
                break;
            }

            // Next event: the earliest delivery or timer.
            long next = long.MaxValue;
            foreach ((long at, _) in toClient)
            {
                next = Math.Min(next, at);
            }

            foreach ((long at, _) in toServer)
            {
                next = Math.Min(next, at);
            }

            if (!server.IsFinished)
            {
                next = Math.Min(next, server.DeadlineTimestamp);
            }

            if (client is { IsFinished: false })
            {
                next = Math.Min(next, client.DeadlineTimestamp);
            }
            else if (client is null)
            {
                next = Math.Min(next, clientGiveUp);
            }

            long now = time.GetTimestamp();
            if (next > now)
            {
                time.Advance(TimeSpan.FromSeconds((next - now) / (double)time.TimestampFrequency));
            }

            now = time.GetTimestamp();
            foreach ((long at, byte[] packet) in toClient.Where(p => p.At <= now).ToList())
            {
                toClient.Remove((at, packet));
                if (client is null)
                {
                    if (TftpPacket.TryCreate(packet, out TftpPacket oack) && oack.Opcode == TftpOpcode.OptionAck)
                    {
                        int blockSize = TftpLimits.DefaultBlockSize, window = 1;
                        foreach (TftpOption o in oack.Options)
                        {
                            o.TryGetNumber(out long v);
                            if (o.NameEquals("blksize"u8))
                            {
                                blockSize = (int)v;
                            }
                            else if (o.NameEquals("windowsize"u8))
                            {
                                window = (int)v;
                            }
                        }

                        client = new TftpReceiver(new StreamWriter(output), blockSize, window, default, sendInitialAck: true, long.MaxValue, time, TimeSpan.FromSeconds(1), 8);
                    }
                }
                else
                {
                    client.Receive(packet);
                }
            }

            foreach ((long at, byte[] packet) in toServer.Where(p => p.At <= now).ToList())
            {
                toServer.Remove((at, packet));
                server.Receive(packet);
            }

            server.OnTimer();
            client?.OnTimer();
        }

        TftpTransferOutcome clientOutcome = client?.Outcome ?? TftpTransferOutcome.TimedOut;
        client?.Dispose();
        return (server.Outcome, clientOutcome, output.ToArray(), content);
    }

    private sealed class StreamWriter(Stream stream) : ITftpWritableFile
    {
        public void Write(ReadOnlySpan<byte> data) => stream.Write(data);

        public void Commit()
        {
        }

        public void Dispose()
        {
        }
    }
}
