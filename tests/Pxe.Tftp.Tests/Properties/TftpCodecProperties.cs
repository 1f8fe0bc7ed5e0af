using Pxe.Testing;
using Pxe.Tftp.Tests.Generators;

namespace Pxe.Tftp.Tests.Properties;

public class TftpCodecProperties
{
    [Fact]
    public void Model_to_bytes_to_model_is_identity() =>
        PropertyCheck.ForAll(TftpArbitraries.Packets(), m => TftpArbitraries.ModelEquals(m, TftpArbitraries.Decode(TftpArbitraries.Encode(m))), 500);

    [Fact]
    public void Canonical_bytes_to_model_to_bytes_is_identity() =>
        PropertyCheck.ForAll(TftpArbitraries.Packets(), m =>
        {
            byte[] bytes = TftpArbitraries.Encode(m);
            return bytes.AsSpan().SequenceEqual(TftpArbitraries.Encode(TftpArbitraries.Decode(bytes)));
        }, 500);

    [Fact]
    public void Any_shorter_destination_fails_with_nothing_written() =>
        PropertyCheck.ForAll(TftpArbitraries.Packets(), m =>
        {
            if (m.Opcode is not (TftpOpcode.Data or TftpOpcode.Ack or TftpOpcode.Error))
            {
                return true;
            }

            int needed = TftpArbitraries.Encode(m).Length;
            byte[] buffer = new byte[needed - 1];
            int written = -1;
            bool ok = m.Opcode switch
            {
                TftpOpcode.Data => TftpPacketWriter.TryWriteData(buffer, m.Block, m.Payload, out written),
                TftpOpcode.Ack => TftpPacketWriter.TryWriteAck(buffer, m.Block, out written),
                _ => TftpPacketWriter.TryWriteError(buffer, m.Code, System.Text.Encoding.ASCII.GetBytes(m.Text), out written),
            };
            return !ok && written == 0;
        }, 300);

    [Fact]
    public void Arbitrary_datagrams_never_throw_and_parsed_ones_are_consistent() =>
        PropertyCheck.ForAll(TftpArbitraries.Datagrams(), bytes =>
        {
            if (!TftpPacket.TryCreate(bytes, out TftpPacket p, out TftpParseStatus status))
            {
                return status != TftpParseStatus.Success;
            }

            // Touch every accessor: none may throw on a packet that parsed.
            int total = p.BlockNumber + p.Payload.Length + (int)p.ErrorCode + p.ErrorMessage.Length;
            foreach (TftpOption o in p.Options)
            {
                total += o.Name.Length + o.Value.Length;
            }

            if (p.Opcode is TftpOpcode.ReadRequest or TftpOpcode.WriteRequest)
            {
                Assert.True(TftpRequest.TryCreate(bytes, out TftpRequest r));
                total += r.FileName.Length + r.Mode.Length + (int)r.TransferMode;
            }

            return total >= 0;
        }, 2000);

    [Fact]
    public void Option_enumeration_stops_with_a_status_on_any_truncation() =>
        PropertyCheck.ForAll(TftpArbitraries.Packets(), m =>
        {
            if (m.Opcode != TftpOpcode.OptionAck || m.Options.Length == 0)
            {
                return true;
            }

            byte[] bytes = TftpArbitraries.Encode(m);
            var e = new TftpOptionEnumerator(bytes.AsSpan(2, bytes.Length - 3)); // last NUL cut
            int count = 0;
            while (e.MoveNext())
            {
                count++;
            }

            return count == m.Options.Length - 1 && e.Status == TftpParseStatus.MissingTerminator;
        }, 300);
}
