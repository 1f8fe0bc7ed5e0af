using Pxe.Initcpio.Tests.Generators;
using Pxe.Testing;

namespace Pxe.Initcpio.Tests.Properties;

/// <summary>The codec laws for cpio: write → read is identity, bytes are deterministic, hostile bytes never throw.</summary>
public sealed class CpioCodecProperties
{
    [Theory]
    [InlineData(CpioFormat.Newc)]
    [InlineData(CpioFormat.Crc)]
    public void WriteThenReadIsIdentity(CpioFormat format) =>
        PropertyCheck.ForAll(CpioArbitraries.Entries(), entries =>
        {
            byte[] archive = Write(entries, format);
            Assert.Equal(0, archive.Length % 4);
            Assert.Equal(archive, Write(entries, format));
            using var reader = new CpioReader(new MemoryStream(archive));
            foreach (CpioArbitraries.GeneratedEntry expected in entries)
            {
                CpioEntry? actual = reader.ReadNext();
                Assert.NotNull(actual);
                Assert.Equal(expected.Name, actual.Name);
                Assert.Equal(expected.Type, actual.Type);
                Assert.Equal(format, actual.Format);
                Assert.Equal(expected.Mtime, actual.Header.ModificationTime);
                Assert.Equal(expected.Uid, actual.Header.Uid);
                if (expected.Type == CpioEntryType.SymbolicLink)
                {
                    Assert.Equal(System.Text.Encoding.UTF8.GetString(expected.Data), actual.LinkTarget);
                    continue;
                }

                Assert.Equal(expected.Permissions, (uint)actual.Header.Permissions);
                if (expected.Type is CpioEntryType.CharacterDevice or CpioEntryType.BlockDevice)
                {
                    Assert.Equal((expected.Major, expected.Minor), (actual.Header.RdevMajor, actual.Header.RdevMinor));
                }

                using var data = new MemoryStream();
                reader.CopyDataTo(data);
                Assert.Equal(expected.Data, data.ToArray());
            }

            Assert.Null(reader.ReadNext());
        }, maxTest: 100);

    [Fact]
    public void ArbitraryBytesNeverThrowFromTheTryForm() =>
        PropertyCheck.ForAll(CpioArbitraries.HostileBytes(), bytes =>
        {
            using var reader = new CpioReader(new MemoryStream(bytes));
            for (int i = 0; i < 100; i++)
            {
                if (reader.TryReadNext(out CpioEntry? entry) != CpioParseStatus.Success || entry is null)
                {
                    return;
                }
            }
        }, maxTest: 500);

    private static byte[] Write(CpioArbitraries.GeneratedEntry[] entries, CpioFormat format)
    {
        using var ms = new MemoryStream();
        using (var writer = new CpioWriter(ms, format, leaveOpen: true))
        {
            foreach (CpioArbitraries.GeneratedEntry e in entries)
            {
                switch (e.Type)
                {
                    case CpioEntryType.RegularFile:
                        writer.WriteFile(e.Name, e.Data, (UnixFileMode)e.Permissions, e.Mtime, e.Uid, e.Gid);
                        break;
                    case CpioEntryType.Directory:
                        writer.WriteDirectory(e.Name, (UnixFileMode)e.Permissions, e.Mtime, e.Uid, e.Gid);
                        break;
                    case CpioEntryType.SymbolicLink:
                        writer.WriteSymbolicLink(e.Name, System.Text.Encoding.UTF8.GetString(e.Data), e.Mtime, e.Uid, e.Gid);
                        break;
                    default:
                        writer.WriteNode(e.Name, e.Type, e.Major, e.Minor, (UnixFileMode)e.Permissions, e.Mtime, e.Uid, e.Gid);
                        break;
                }
            }
        }

        return ms.ToArray();
    }
}
