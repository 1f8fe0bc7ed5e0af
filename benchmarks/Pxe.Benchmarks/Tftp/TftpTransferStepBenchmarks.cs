using BenchmarkDotNet.Attributes;
using Pxe.Tftp;

namespace Pxe.Benchmarks.Tftp;

/// <summary>
/// One step of a read transfer in the engine, without sockets: write the next DATA (reading the block from the file)
/// and feed the client's ACK for it. Target: 0 B allocated per step.
/// </summary>
[BenchmarkCategory("Tftp.TransferStep")]
public class TftpTransferStepBenchmarks
{
    private TftpSender _session = null!;
    private byte[] _buffer = [];
    private readonly byte[] _ack = new byte[4];

    [Params(512, 1468, 65464)]
    public int BlockSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _buffer = new byte[TftpLimits.HeaderLength + BlockSize];
        // A file so large the transfer never ends during the run.
        _session = new TftpSender(new EndlessFile(), BlockSize, 1, default, TimeProvider.System, TimeSpan.FromSeconds(1), 5);
    }

    [GlobalCleanup]
    public void Cleanup() => _session.Dispose();

    [Benchmark(Baseline = true)]
    public int DataThenAck()
    {
        _session.TryWriteNext(_buffer, out int n);
        _ack[1] = 4;
        _ack[2] = _buffer[2];
        _ack[3] = _buffer[3];
        _session.Receive(_ack);
        return n;
    }

    private sealed class EndlessFile : ITftpReadableFile
    {
        private readonly byte[] _block = new byte[TftpLimits.MaxBlockSize];

        public long Length => 1L << 50;

        public int Read(long offset, Span<byte> destination)
        {
            _block.AsSpan(0, destination.Length).CopyTo(destination);
            return destination.Length;
        }

        public void Dispose()
        {
        }
    }
}
