using Pxe.Testing;

namespace Pxe.Dhcp.Tests.Interop;

/// <summary>
/// <c>pxe dhcp --proxy</c> over real sockets: a scripted PXE client (python3 in the client namespace, since no
/// Debian command-line client speaks proxyDHCP) broadcasts a UEFI DISCOVER to 67 and sends the boot-server
/// REQUEST to 4011, as EDK2 does with the BootServerDiscovery strategy.
/// </summary>
[Trait("Category", "Interop")]
public class DhcpProxyInteropTests
{
    private const string Client = """
        import socket, struct, sys
        def msg(kind, ciaddr):
            h = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0, 0x11223344, 0, 0x8000,
                socket.inet_aton(ciaddr), b"\0"*4, b"\0"*4, b"\0"*4, bytes.fromhex("525400770042") + b"\0"*10, b"\0"*64, b"\0"*128)
            vc = b"PXEClient:Arch:00007:UNDI:003010"
            o = b"\x63\x82\x53\x63" + bytes([53, 1, kind, 93, 2, 0, 7, 60, len(vc)]) + vc + bytes([97, 17, 0]) + bytes(range(16)) + b"\xff"
            return h + o
        def opts(p):
            i, r = 240, {}
            while i < len(p) and p[i] != 255:
                if p[i] == 0: i += 1; continue
                r.setdefault(p[i], p[i+2:i+2+p[i+1]]); i += 2 + p[i+1]
            return r
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, b"dhc0")
        s.bind(("0.0.0.0", 68))
        s.settimeout(5)
        s.sendto(msg(1, "0.0.0.0"), ("255.255.255.255", 67))
        p, src = s.recvfrom(2000)
        o = opts(p)
        print("offer", o[53][0], socket.inet_ntoa(p[16:20]), repr(p[108:236].rstrip(b"\0")), o.get(60), o.get(97) == bytes([0]) + bytes(range(16)), 43 in o)
        s.sendto(msg(3, "10.77.0.2"), ("10.77.0.1", 4011))
        p, src = s.recvfrom(2000)
        o = opts(p)
        print("ack", o[53][0], src[1], socket.inet_ntoa(p[20:24]), repr(p[108:236].rstrip(b"\0")), o.get(60))
        """;

    [Fact]
    public async Task Proxy_offers_on_67_and_acks_the_boot_server_request_on_4011()
    {
        await using DhcpLab lab = await DhcpLab.CreateAsync(clientCidr: "10.77.0.2/20");
        await lab.StartPxeAsync("--proxy", "--boot-file", "undionly.kpxe", "--boot-file-efi", "ipxe.efi");
        PeerResult r = await lab.Client.ExecAsync(TimeSpan.FromSeconds(30), "python3", "-c", Client);
        Assert.True(r.ExitCode == 0, r.Output + "\nserver:\n" + lab.Pxe!.StandardOutputSoFar);
        string[] lines = r.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // OFFER: no address, no boot file, no option 43 (EFI goes to 4011), PXEClient, GUID echoed.
        Assert.Equal("offer 2 0.0.0.0 b'' b'PXEClient' True False", lines[0]);

        // ACK from port 4011 with siaddr and the EFI boot file.
        Assert.Equal("ack 5 4011 10.77.0.1 b'ipxe.efi' b'PXEClient'", lines[1]);
    }
}
