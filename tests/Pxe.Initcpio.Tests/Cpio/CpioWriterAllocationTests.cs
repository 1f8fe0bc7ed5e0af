using Pxe.Testing;

namespace Pxe.Initcpio.Tests.Cpio;

/// <summary>Streaming entries through <see cref="CpioWriter"/> allocates nothing per entry.</summary>
public sealed class CpioWriterAllocationTests
{
    [Fact]
    public void WritingFilesAllocatesNothingPerEntry()
    {
        var archive = new MemoryStream(new byte[1 << 20], 0, 1 << 20, writable: true, publiclyVisible: true);
        using var writer = new CpioWriter(archive, leaveOpen: true);
        byte[] content = new byte[4099];
        AllocationAssert.NoAllocations(() =>
        {
            archive.Position = 0;
            writer.WriteFile("lib/modules/6.1.0/kernel/drivers/net/virtio_net.ko", content);
            writer.WriteDirectory("lib/modules/6.1.0/kernel/drivers");
        });
    }

    [Fact]
    public void CrcWriterSumsTheData()
    {
        using var ms = new MemoryStream();
        using (var writer = new CpioWriter(ms, CpioFormat.Crc, leaveOpen: true))
        {
            writer.WriteFile("f", [1, 2, 3, 250]);
            writer.WriteEntry(CpioEntryHeader.Create(CpioEntryType.RegularFile, (UnixFileMode)0x1A4, 3), "g", new MemoryStream([9, 9, 9]));
        }

        ms.Position = 0;
        using var reader = new CpioReader(ms);
        Assert.Equal(256u, reader.ReadNext()!.Header.Check);
        Assert.Equal(27u, reader.ReadNext()!.Header.Check);
        Assert.Null(reader.ReadNext());
    }
}
