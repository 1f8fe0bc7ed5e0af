using Pxe.Dhcp.Tests.Generators;
using Pxe.Testing;

namespace Pxe.Dhcp.Tests.Properties;

public class DhcpCodecProperties
{
    [Fact]
    public void Model_to_bytes_to_model_is_identity() =>
        PropertyCheck.ForAll(DhcpArbitraries.Messages(), m =>
        {
            byte[] bytes = new byte[m.GetEncodedLength()];
            Assert.True(m.TryWrite(bytes, out int written));
            Assert.Equal(bytes.Length, written);
            Assert.True(DhcpMessage.TryRead(bytes, out DhcpMessage? back, out DhcpParseStatus status), status.ToString());
            Assert.Equal(m.ToString(), back!.ToString());
            Assert.Equal(m.Options.Count, back.Options.Count);
            for (int i = 0; i < m.Options.Count; i++)
            {
                Assert.Equal(m.Options[i], back.Options[i] with { Value = back.Options[i].Value }, OptionComparer.Instance);
            }

            Assert.Equal(bytes, back.ToArray());
        });

    [Fact]
    public void Any_shorter_destination_gives_false_and_zero_written() =>
        PropertyCheck.ForAll(DhcpArbitraries.Messages(), m =>
        {
            int length = m.GetEncodedLength();
            byte[] small = new byte[length - 1];
            Assert.False(m.TryWrite(small, out int written));
            Assert.Equal(0, written);
        }, maxTest: 50);

    [Fact]
    public void Any_bytes_never_throw() =>
        PropertyCheck.ForAll(DhcpArbitraries.Datagrams(), bytes =>
        {
            if (DhcpPacket.TryCreate(bytes, out DhcpPacket p, out _))
            {
                DhcpOptionEnumerator e = p.Options;
                while (e.MoveNext())
                {
                }

                Assert.Equal(DhcpParseStatus.Success, e.Status);
                _ = p.Dump();
                Assert.True(DhcpMessage.TryRead(bytes, out _, out _));
            }
            else
            {
                Assert.True(p.Bytes.IsEmpty);
            }
        }, maxTest: 1000);

    [Fact]
    public void Any_split_of_a_long_option_round_trips() =>
        PropertyCheck.ForAll(DhcpArbitraries.Splits(), input =>
        {
            (byte[] value, int[] cuts) = input;
            byte[] buffer = new byte[240 + (value.Length * 3) + 10];
            Assert.True(DhcpPacketWriter.TryCreate(buffer, out DhcpPacketWriter w));
            var o = new DhcpOptionWriter(w.OptionsArea);
            o.TryWriteMessageType(DhcpMessageType.Ack);
            int pos = 0;
            int cut = 0;
            while (pos < value.Length)
            {
                int n = Math.Min(cuts.Length == 0 ? 255 : cuts[cut++ % cuts.Length], value.Length - pos);
                Assert.True(o.TryWrite(DhcpOptionCode.VendorSpecific, value.AsSpan(pos, n)));
                o.TryWrite((DhcpOptionCode)224, [1]); // interleaved other option: concatenation is by code, not adjacency
                pos += n;
            }

            o.TryWriteEnd();
            Assert.True(DhcpPacket.TryCreate(buffer.AsSpan(0, 240 + o.BytesWritten), out DhcpPacket p));
            byte[] joined = new byte[value.Length];
            Assert.True(p.TryCopyConcatenated(DhcpOptionCode.VendorSpecific, joined, out int written));
            Assert.Equal(value.Length, written);
            Assert.Equal(value, joined);
        });

    private sealed class OptionComparer : IEqualityComparer<DhcpOptionValue>
    {
        public static readonly OptionComparer Instance = new();

        public bool Equals(DhcpOptionValue? x, DhcpOptionValue? y) => x!.Code == y!.Code && x.Value.AsSpan().SequenceEqual(y.Value);

        public int GetHashCode(DhcpOptionValue obj) => (int)obj.Code;
    }
}
