using FsCheck;
using FsCheck.Fluent;

namespace Pxe.Initcpio.Tests.Generators;

/// <summary>Generators for cpio property tests.</summary>
public static class CpioArbitraries
{
    /// <summary>One generated entry: a type, a name, permissions, owner, time, data or target, device numbers.</summary>
    public sealed record GeneratedEntry(CpioEntryType Type, string Name, uint Permissions, uint Uid, uint Gid, uint Mtime, byte[] Data, uint Major, uint Minor)
    {
        public override string ToString() => $"{Type} {Name} {Convert.ToString(Permissions, 8)} {Data.Length}B";
    }

    private static Gen<string> NameGen =>
        from parts in Gen.ListOf(Gen.Elements("a", "bin", "é", "x y", "$v", "'q'", "long-name-0123456789", "..a", ".hidden", "新")).Select(l => l.ToArray())
        from n in Gen.Choose(0, 9999)
        select string.Join('/', parts.Take(4)) + (parts.Length == 0 ? "" : "/") + "n" + n;

    private static Gen<GeneratedEntry> EntryGen =>
        from type in Gen.Elements(CpioEntryType.RegularFile, CpioEntryType.Directory, CpioEntryType.SymbolicLink, CpioEntryType.CharacterDevice, CpioEntryType.BlockDevice, CpioEntryType.Fifo)
        from name in NameGen
        from perm in Gen.Choose(0, 0xFFF)
        from uid in Gen.Choose(0, 70000)
        from gid in Gen.Choose(0, 70000)
        from mtime in Gen.Choose(0, int.MaxValue)
        from size in Gen.Frequency((3, Gen.Choose(0, 9)), (1, Gen.Choose(10, 5000)))
        from data in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), size)
        from major in Gen.Choose(0, 4095)
        from minor in Gen.Choose(0, 1 << 20)
        select new GeneratedEntry(type, name, (uint)perm, (uint)uid, (uint)gid, (uint)mtime,
            type == CpioEntryType.RegularFile ? data : type == CpioEntryType.SymbolicLink ? "target/"u8.ToArray().Concat(data.Take(200).Select(b => (byte)('a' + (b % 26)))).ToArray() : [],
            (uint)major, (uint)minor);

    /// <summary>Lists of entries, including empty lists.</summary>
    public static Arbitrary<GeneratedEntry[]> Entries() =>
        Gen.ListOf(EntryGen).Select(l => l.Take(30).ToArray()).ToArbitrary();

    /// <summary>Arbitrary byte arrays, biased to start with a cpio or gzip magic.</summary>
    public static Arbitrary<byte[]> HostileBytes() =>
        (from prefix in Gen.Elements("", "070701", "070702", "\u001f\u008b", "0707010000")
         from body in Gen.ArrayOf(Gen.Frequency((4, Gen.Elements((byte)'0', (byte)'1', (byte)'A', (byte)'f', (byte)0)), (1, ArbMap.Default.GeneratorFor<byte>())))
         select prefix.Select(c => (byte)c).Concat(body).ToArray()).ToArbitrary();
}
