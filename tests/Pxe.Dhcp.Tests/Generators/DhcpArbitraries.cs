using FsCheck;
using FsCheck.Fluent;

namespace Pxe.Dhcp.Tests.Generators;

/// <summary>Generators for the DHCP codec laws.</summary>
public static class DhcpArbitraries
{
    private static readonly Gen<byte[]> Bytes16 = Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 16);

    /// <summary>Models with distinct, non-PAD/END option codes and values of 0–600 bytes (long ones exercise RFC 3396).</summary>
    public static Arbitrary<DhcpMessage> Messages()
    {
        Gen<byte> b = ArbMap.Default.GeneratorFor<byte>();
        Gen<uint> u = ArbMap.Default.GeneratorFor<uint>();
        Gen<DhcpOptionValue> option =
            from code in Gen.Choose(1, 254)
            from length in Gen.Frequency((8, Gen.Choose(0, 40)), (1, Gen.Choose(250, 600)))
            from value in Gen.ArrayOf(b, length)
            select new DhcpOptionValue((DhcpOptionCode)code, value);
        Gen<DhcpMessage> message =
            from xid in u
            from ci in u
            from yi in u
            from hlen in Gen.Choose(0, 16)
            from chaddr in Bytes16
            from options in Gen.ListOf(option)
            from padding in Gen.Choose(0, 60)
            select Build(xid, ci, yi, (byte)hlen, chaddr, options, padding);
        return Arb.From(message);
    }

    private static DhcpMessage Build(uint xid, uint ci, uint yi, byte hlen, byte[] chaddr, IEnumerable<DhcpOptionValue> options, int padding)
    {
        var m = new DhcpMessage
        {
            TransactionId = xid,
            ClientAddress = new Ipv4Address(ci),
            YourAddress = new Ipv4Address(yi),
            HardwareAddressLength = hlen,
            ClientHardwareAddressField = chaddr,
            PaddingLength = padding,
        };
        var seen = new HashSet<DhcpOptionCode>();
        foreach (DhcpOptionValue o in options)
        {
            if (o.Code != DhcpOptionCode.OptionOverload && seen.Add(o.Code))
            {
                m.Options.Add(o);
            }
        }

        return m;
    }

    /// <summary>Arbitrary byte strings, half of them with a valid header and cookie so the option walk is reached.</summary>
    public static Arbitrary<byte[]> Datagrams()
    {
        Gen<byte> b = ArbMap.Default.GeneratorFor<byte>();
        Gen<byte[]> any = Gen.Choose(0, 400).SelectMany(n => Gen.ArrayOf(b, n));
        Gen<byte[]> headed = Gen.Choose(0, 120).SelectMany(n => Gen.ArrayOf(b, n)).Select(tail =>
        {
            byte[] d = new byte[240 + tail.Length];
            d[0] = 1;
            d[2] = 6;
            d[236] = 0x63;
            d[237] = 0x82;
            d[238] = 0x53;
            d[239] = 0x63;
            tail.CopyTo(d, 240);
            return d;
        });
        return Arb.From(Gen.OneOf(any, headed));
    }

    /// <summary>A long value and a split of it into instances of 1–255 bytes.</summary>
    public static Arbitrary<(byte[] Value, int[] Cuts)> Splits()
    {
        Gen<byte> b = ArbMap.Default.GeneratorFor<byte>();
        Gen<(byte[], int[])> gen =
            from length in Gen.Choose(1, 1000)
            from value in Gen.ArrayOf(b, length)
            from cuts in Gen.ListOf(Gen.Choose(1, 255))
            select (value, cuts.ToArray());
        return Arb.From(gen);
    }
}
