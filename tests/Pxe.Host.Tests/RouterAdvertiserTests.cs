using System.Buffers.Binary;
using Pxe.Host.Serve;
using Pxe.Testing;

namespace Pxe.Host.Tests;

/// <summary>The "no router" advertisement is a valid ICMPv6 router advertisement by tshark's reading.</summary>
public sealed class RouterAdvertiserTests
{
    [Fact]
    public async Task Tshark_reads_a_router_advertisement_with_a_good_checksum_and_no_router()
    {
        byte[] mac = [0x52, 0x54, 0x00, 0xab, 0xcd, 0xef];
        byte[] frame = new byte[14 + 40 + 24];
        RouterAdvertiser.Build(frame, mac);
        string pcap = Path.GetTempFileName();
        try
        {
            // pcap file: global header (LINKTYPE_ETHERNET) and one record.
            byte[] file = new byte[24 + 16 + frame.Length];
            BinaryPrimitives.WriteUInt32LittleEndian(file, 0xa1b2c3d4);
            BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(4), 2);
            BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(6), 4);
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(16), 65535);
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(20), 1);
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(32), (uint)frame.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(36), (uint)frame.Length);
            frame.CopyTo(file, 40);
            await File.WriteAllBytesAsync(pcap, file);
            PeerResult r = await PeerProcess.RunAsync("tshark", ["-r", pcap, "-T", "fields", "-E", "separator=|",
                "-e", "icmpv6.type", "-e", "icmpv6.checksum.status", "-e", "icmpv6.nd.ra.router_lifetime", "-e", "icmpv6.nd.ra.flag.m", "-e", "icmpv6.nd.ra.flag.o",
                "-e", "ipv6.src", "-e", "ipv6.dst", "-e", "ipv6.hlim", "-e", "icmpv6.opt.linkaddr"], TimeSpan.FromSeconds(60));
            Assert.True(r.ExitCode == 0, r.Output);
            string[] f = r.StandardOutput.Trim().Split('|');
            Assert.Equal("134", f[0]);
            Assert.Equal("1", f[1]); // checksum status: 0 bad, 1 good, 2 unverified
            Assert.Equal("0", f[2]);
            Assert.Contains(f[3], new[] { "0", "False" });
            Assert.Contains(f[4], new[] { "0", "False" });
            Assert.Equal("fe80::5054:ff:feab:cdef", f[5]);
            Assert.Equal("ff02::1", f[6]);
            Assert.Equal("255", f[7]);
            Assert.Equal("52:54:00:ab:cd:ef", f[8]);
        }
        finally
        {
            File.Delete(pcap);
        }
    }
}
