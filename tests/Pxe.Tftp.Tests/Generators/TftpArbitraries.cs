using FsCheck;
using FsCheck.Fluent;

namespace Pxe.Tftp.Tests.Generators;

/// <summary>A TFTP packet model used only by the property tests: opcode plus fields, encoded with <see cref="TftpPacketWriter"/>.</summary>
public sealed record PacketModel(TftpOpcode Opcode, ushort Block, byte[] Payload, TftpErrorCode Code, string Text, string Mode, (string Name, string Value)[] Options)
{
    public override string ToString() => $"{Opcode} block={Block} payload={Payload.Length} code={Code} text='{Text}' mode={Mode} options=[{string.Join(",", Options.Select(o => o.Name + "=" + o.Value))}]";
}

public static class TftpArbitraries
{
    private static Gen<string> Token(int min, int max) =>
        Gen.Choose(min, max).SelectMany(n => Gen.ArrayOf(Gen.Choose(0x21, 0x7E).Select(c => (char)c), n)).Select(cs => new string(cs));

    private static Gen<(string, string)> Option() =>
        from name in Gen.OneOf(Gen.Elements("blksize", "BLKSIZE", "tsize", "timeout", "windowsize"), Token(1, 12))
        from value in Gen.OneOf(Gen.Choose(0, 70000).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), Token(0, 8))
        select (name, value);

    public static Arbitrary<PacketModel> Packets()
    {
        Gen<ushort> block = Gen.Choose(0, 65535).Select(n => (ushort)n);
        Gen<byte[]> payload = Gen.Choose(0, 1500).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n));
        Gen<(string, string)[]> options = Gen.Choose(0, 5).SelectMany(n => Gen.ArrayOf(Option(), n));
        Gen<PacketModel> data = from b in block from p in payload select new PacketModel(TftpOpcode.Data, b, p, 0, "", "", []);
        Gen<PacketModel> ack = from b in block select new PacketModel(TftpOpcode.Ack, b, [], 0, "", "", []);
        Gen<PacketModel> error = from c in Gen.Choose(0, 9) from t in Token(0, 40) select new PacketModel(TftpOpcode.Error, 0, [], (TftpErrorCode)c, t, "", []);
        Gen<PacketModel> request = from op in Gen.Elements(TftpOpcode.ReadRequest, TftpOpcode.WriteRequest)
                                   from name in Token(1, 60)
                                   from mode in Gen.OneOf(Gen.Elements("octet", "netascii", "OCTET"), Token(1, 8))
                                   from o in options
                                   select new PacketModel(op, 0, [], 0, name, mode, o);
        Gen<PacketModel> oack = from o in options select new PacketModel(TftpOpcode.OptionAck, 0, [], 0, "", "", o);
        return Gen.OneOf(data, ack, error, request, oack).ToArbitrary();
    }

    /// <summary>Arbitrary datagrams, biased towards ones that start with a valid opcode.</summary>
    public static Arbitrary<byte[]> Datagrams()
    {
        Gen<byte[]> random = Gen.Choose(0, 80).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n));
        Gen<byte[]> tftpish = from op in Gen.Choose(0, 7)
                              from body in Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Gen.Elements<byte>(0, 0, (byte)'a', (byte)'1', 0xFF, 3), n))
                              select new byte[] { 0, (byte)op }.Concat(body).ToArray();
        return Gen.OneOf(random, tftpish).ToArbitrary();
    }

    public static byte[] Encode(PacketModel m)
    {
        byte[] buffer = new byte[70000];
        var w = new TftpPacketWriter(buffer);
        bool ok = m.Opcode switch
        {
            TftpOpcode.Data => w.TryWriteData(m.Block, m.Payload),
            TftpOpcode.Ack => w.TryWriteAck(m.Block),
            TftpOpcode.Error => w.TryWriteError(m.Code, System.Text.Encoding.ASCII.GetBytes(m.Text)),
            TftpOpcode.OptionAck => w.TryWriteOptionAck(),
            _ => w.TryWriteRequest(m.Opcode, System.Text.Encoding.ASCII.GetBytes(m.Text), System.Text.Encoding.ASCII.GetBytes(m.Mode)),
        };
        foreach ((string name, string value) in m.Options)
        {
            ok &= w.TryWriteOption(System.Text.Encoding.ASCII.GetBytes(name), System.Text.Encoding.ASCII.GetBytes(value));
        }

        if (!ok)
        {
            throw new InvalidOperationException("buffer too small");
        }

        return w.WrittenSpan.ToArray();
    }

    public static PacketModel Decode(ReadOnlySpan<byte> datagram)
    {
        if (!TftpPacket.TryCreate(datagram, out TftpPacket p))
        {
            throw new InvalidOperationException("does not parse");
        }

        var options = new List<(string, string)>();
        foreach (TftpOption o in p.Options)
        {
            options.Add((System.Text.Encoding.ASCII.GetString(o.Name), System.Text.Encoding.ASCII.GetString(o.Value)));
        }

        return p.Opcode switch
        {
            TftpOpcode.Data => new PacketModel(p.Opcode, p.BlockNumber, p.Payload.ToArray(), 0, "", "", []),
            TftpOpcode.Ack => new PacketModel(p.Opcode, p.BlockNumber, [], 0, "", "", []),
            TftpOpcode.Error => new PacketModel(p.Opcode, 0, [], p.ErrorCode, System.Text.Encoding.ASCII.GetString(p.ErrorMessage), "", []),
            TftpOpcode.OptionAck => new PacketModel(p.Opcode, 0, [], 0, "", "", [.. options]),
            _ => Request(datagram, options),
        };
    }

    private static PacketModel Request(ReadOnlySpan<byte> datagram, List<(string, string)> options)
    {
        TftpRequest.TryCreate(datagram, out TftpRequest r);
        return new PacketModel(r.Opcode, 0, [], 0, System.Text.Encoding.ASCII.GetString(r.FileName), System.Text.Encoding.ASCII.GetString(r.Mode), [.. options]);
    }

    public static bool ModelEquals(PacketModel a, PacketModel b) =>
        a.Opcode == b.Opcode && a.Block == b.Block && a.Payload.AsSpan().SequenceEqual(b.Payload) && a.Code == b.Code
        && a.Text == b.Text && a.Mode == b.Mode && a.Options.SequenceEqual(b.Options);
}
