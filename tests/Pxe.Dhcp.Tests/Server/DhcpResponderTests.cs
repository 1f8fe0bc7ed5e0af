using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Pxe.Testing;

namespace Pxe.Dhcp.Tests.Server;

public class DhcpResponderTests
{
    private static readonly Ipv4Address ServerIp = Ipv4Address.Parse("10.50.0.1");
    private static readonly DhcpReceiveContext OnLink = new(ServerIp, 2, Ipv4Address.Any, 68, 67);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly byte[] _reply = new byte[DhcpLimits.MaxReplyLength];

    private DhcpResponder Create(IDhcpLeaseStore? store = null, Action<DhcpResponderSettings>? configure = null, DhcpBootSettings? boot = null, string start = "10.50.0.100", string end = "10.50.0.199")
    {
        var settings = new DhcpResponderSettings { ServerIdentifier = ServerIp };
        settings.Pools.Add(new DhcpPool(Ipv4Address.Parse(start), Ipv4Address.Parse(end), Ipv4Address.Parse("255.255.255.0"))
        {
            Routers = [ServerIp],
            DnsServers = [ServerIp],
            LeaseTime = TimeSpan.FromSeconds(600),
        });
        configure?.Invoke(settings);
        return new DhcpResponder(settings, store ?? new InMemoryDhcpLeaseStore(), new ConfiguredBootPolicy(boot ?? new DhcpBootSettings
        {
            BiosBootFile = "undionly.kpxe",
            EfiX64BootFile = "ipxe.efi",
            IpxeScript = "http://10.50.0.1/boot.ipxe",
            HttpBootUrl = "http://10.50.0.1/ipxe.efi",
            PxelinuxConfigFile = "pxelinux.cfg/default",
            PxelinuxPathPrefix = "/tftpboot/",
        }), _time);
    }

    private DhcpPacket Reply(DhcpResponse r)
    {
        Assert.True(r.HasReply, $"dropped: {r.DropReason}");
        return DhcpPacket.Create(_reply.AsSpan(0, r.Length));
    }

    private static Ipv4Address Address(in DhcpPacket p, DhcpOptionCode code)
    {
        Assert.True(p.TryGetOption(code, out ReadOnlySpan<byte> v));
        return Ipv4Address.Read(v);
    }

    [Fact]
    public void Dora_gives_an_address_and_options()
    {
        DhcpResponder responder = Create();
        var req = new RequestBuilder();
        DhcpResponse offer = responder.Respond(req.Build(), OnLink, _reply);
        DhcpPacket o = Reply(offer);
        Assert.Equal(DhcpMessageType.Offer, o.MessageType);
        Assert.Equal(BootpOpCode.BootReply, o.Op);
        Assert.Equal(0xCAFE0001u, o.TransactionId);
        Ipv4Address offered = o.YourAddress;
        Assert.Equal(Ipv4Address.Parse("10.50.0.100"), offered);
        Assert.Equal(ServerIp, Address(o, DhcpOptionCode.ServerIdentifier));
        Assert.Equal(Ipv4Address.Parse("255.255.255.0"), Address(o, DhcpOptionCode.SubnetMask));
        Assert.True(o.TryGetOption(DhcpOptionCode.IpAddressLeaseTime, out ReadOnlySpan<byte> lt));
        Assert.Equal(600u, BinaryPrimitives.ReadUInt32BigEndian(lt));
        Assert.True(offer.Target.IsBroadcast);
        Assert.True(o.Bytes.Length >= DhcpLimits.MinimumBootpLength);
        Assert.False(o.HasOption(DhcpOptionCode.BootFileName)); // plain client: no boot info

        req.Type = DhcpMessageType.Request;
        req.Requested = offered;
        req.ServerId = ServerIp;
        DhcpPacket ack = Reply(responder.Respond(req.Build(), OnLink, _reply));
        Assert.Equal(DhcpMessageType.Ack, ack.MessageType);
        Assert.Equal(offered, ack.YourAddress);
        Assert.True(responder.Leases.TryGetByAddress(offered, out DhcpLease lease));
        Assert.Equal(DhcpLeaseState.Bound, lease.State);
    }

    [Fact]
    public void Request_for_another_server_releases_the_offer_silently()
    {
        DhcpResponder responder = Create();
        var req = new RequestBuilder();
        Reply(responder.Respond(req.Build(), OnLink, _reply));
        req.Type = DhcpMessageType.Request;
        req.Requested = Ipv4Address.Parse("10.50.0.100");
        req.ServerId = Ipv4Address.Parse("10.50.0.2");
        DhcpResponse r = responder.Respond(req.Build(), OnLink, _reply);
        Assert.Equal(DhcpDropReason.NotForUs, r.DropReason);
        Assert.Equal(0, responder.Leases.Count);
    }

    [Fact]
    public void Distinct_clients_never_share_an_address_and_exhaustion_is_a_counted_drop()
    {
        DhcpResponder responder = Create(start: "10.50.0.100", end: "10.50.0.109");
        var seen = new HashSet<Ipv4Address>();
        for (int i = 0; i < 10; i++)
        {
            var req = new RequestBuilder { Mac = new HardwareAddress([2, 0, 0, 0, 0, (byte)i]) };
            Ipv4Address a = Reply(responder.Respond(req.Build(), OnLink, _reply)).YourAddress;
            Assert.True(seen.Add(a), $"{a} offered twice");
            req.Type = DhcpMessageType.Request;
            req.Requested = a;
            req.ServerId = ServerIp;
            Assert.Equal(a, Reply(responder.Respond(req.Build(), OnLink, _reply)).YourAddress);
        }

        DhcpResponse r = responder.Respond(new RequestBuilder { Mac = new HardwareAddress([2, 0, 0, 0, 1, 0]) }.Build(), OnLink, _reply);
        Assert.Equal(DhcpDropReason.PoolExhausted, r.DropReason);

        // After the leases expire, a new client gets one.
        _time.Advance(TimeSpan.FromSeconds(601));
        Assert.True(responder.Respond(new RequestBuilder { Mac = new HardwareAddress([2, 0, 0, 0, 1, 0]) }.Build(), OnLink, _reply).HasReply);
    }

    [Fact]
    public void Init_reboot_and_renew_keep_the_address_and_wrong_network_is_naked()
    {
        DhcpResponder responder = Create();
        var req = new RequestBuilder();
        Ipv4Address a = Reply(responder.Respond(req.Build(), OnLink, _reply)).YourAddress;
        req.Type = DhcpMessageType.Request;
        req.Requested = a;
        req.ServerId = ServerIp;
        Reply(responder.Respond(req.Build(), OnLink, _reply));

        // INIT-REBOOT: no server id, requested address, ciaddr 0.
        var reboot = new RequestBuilder { Type = DhcpMessageType.Request, Requested = a };
        DhcpResponse r = responder.Respond(reboot.Build(), OnLink, _reply);
        Assert.Equal(DhcpMessageType.Ack, Reply(r).MessageType);

        // RENEWING: unicast with ciaddr; reply goes to ciaddr:68.
        var renew = new RequestBuilder { Type = DhcpMessageType.Request, Ciaddr = a };
        r = responder.Respond(renew.Build(), OnLink with { SourceAddress = a }, _reply);
        Assert.Equal(DhcpMessageType.Ack, Reply(r).MessageType);
        Assert.Equal(new DhcpTransmitTarget(a, 68, false), r.Target);
        Assert.Equal(a, Reply(r).ClientAddress);

        // INIT-REBOOT on a wrong network: NAK, broadcast.
        var wrong = new RequestBuilder { Type = DhcpMessageType.Request, Requested = Ipv4Address.Parse("192.168.7.7") };
        r = responder.Respond(wrong.Build(), OnLink, _reply);
        DhcpPacket nak = Reply(r);
        Assert.Equal(DhcpMessageType.Nak, nak.MessageType);
        Assert.Equal(Ipv4Address.Any, nak.YourAddress);
        Assert.True(r.Target.IsBroadcast);

        // Another client claiming a's address: NAK.
        var thief = new RequestBuilder { Mac = HardwareAddress.Parse("52:54:00:00:00:99"), Type = DhcpMessageType.Request, Requested = a };
        Assert.Equal(DhcpMessageType.Nak, Reply(responder.Respond(thief.Build(), OnLink, _reply)).MessageType);
    }

    [Fact]
    public void Unknown_client_init_reboot_for_a_free_pool_address_is_acked_when_authoritative_and_ignored_otherwise()
    {
        var reboot = new RequestBuilder { Type = DhcpMessageType.Request, Requested = Ipv4Address.Parse("10.50.0.150") };
        Assert.Equal(DhcpMessageType.Ack, Reply(Create().Respond(reboot.Build(), OnLink, _reply)).MessageType);
        DhcpResponse r = Create(configure: s => s.Authoritative = false).Respond(reboot.Build(), OnLink, _reply);
        Assert.Equal(DhcpDropReason.NotForUs, r.DropReason);
    }

    [Fact]
    public void Relayed_requests_are_answered_to_giaddr_port_67_from_the_relay_pool_with_option_82_echoed()
    {
        DhcpResponder responder = Create(configure: s => s.Pools.Add(new DhcpPool(Ipv4Address.Parse("10.60.0.10"), Ipv4Address.Parse("10.60.0.20"), Ipv4Address.Parse("255.255.255.0"))));
        byte[] relayInfo = [1, 3, 0x65, 0x74, 0x68, 2, 2, 0xAA, 0xBB];
        var req = new RequestBuilder { Giaddr = Ipv4Address.Parse("10.60.0.1"), RelayInfo = relayInfo };
        DhcpResponse r = responder.Respond(req.Build(), OnLink with { SourceAddress = Ipv4Address.Parse("10.60.0.1"), SourcePort = 67 }, _reply);
        DhcpPacket o = Reply(r);
        Assert.Equal(new DhcpTransmitTarget(Ipv4Address.Parse("10.60.0.1"), 67, false), r.Target);
        Assert.Equal(Ipv4Address.Parse("10.60.0.10"), o.YourAddress);
        Assert.Equal(Ipv4Address.Parse("10.60.0.1"), o.GatewayAddress);
        Assert.True(o.TryGetOption(DhcpOptionCode.RelayAgentInformation, out ReadOnlySpan<byte> echoed));
        Assert.Equal(relayInfo, echoed.ToArray());

        // A NAK through a relay gets the broadcast bit.
        var bad = new RequestBuilder { Type = DhcpMessageType.Request, Giaddr = Ipv4Address.Parse("10.60.0.1"), Requested = Ipv4Address.Parse("10.99.0.5") };
        DhcpPacket nak = Reply(responder.Respond(bad.Build(), OnLink, _reply));
        Assert.Equal(DhcpMessageType.Nak, nak.MessageType);
        Assert.Equal(DhcpFlags.Broadcast, nak.Flags);

        // A relay from an unknown network: no pool.
        var stranger = new RequestBuilder { Giaddr = Ipv4Address.Parse("172.16.0.1") };
        Assert.Equal(DhcpDropReason.NoPool, responder.Respond(stranger.Build(), OnLink, _reply).DropReason);
    }

    [Fact]
    public void Decline_quarantines_the_address_and_release_keeps_it_for_the_client()
    {
        DhcpResponder responder = Create();
        var req = new RequestBuilder();
        Ipv4Address a = Reply(responder.Respond(req.Build(), OnLink, _reply)).YourAddress;
        req.Type = DhcpMessageType.Request;
        req.Requested = a;
        req.ServerId = ServerIp;
        Reply(responder.Respond(req.Build(), OnLink, _reply));
        var decline = new RequestBuilder { Type = DhcpMessageType.Decline, Requested = a, ServerId = ServerIp };
        Assert.Equal(DhcpDropReason.NoReplyNeeded, responder.Respond(decline.Build(), OnLink, _reply).DropReason);
        Ipv4Address b = Reply(responder.Respond(new RequestBuilder().Build(), OnLink, _reply)).YourAddress;
        Assert.NotEqual(a, b);
        Ipv4Address c = Reply(responder.Respond(new RequestBuilder { Mac = HardwareAddress.Parse("52:54:00:00:00:02") }.Build(), OnLink, _reply)).YourAddress;
        Assert.NotEqual(a, c);

        // Bind b, release it, and get it again.
        var bind = new RequestBuilder { Type = DhcpMessageType.Request, Requested = b, ServerId = ServerIp };
        Reply(responder.Respond(bind.Build(), OnLink, _reply));
        var release = new RequestBuilder { Type = DhcpMessageType.Release, Ciaddr = b, ServerId = ServerIp };
        Assert.Equal(DhcpDropReason.NoReplyNeeded, responder.Respond(release.Build(), OnLink, _reply).DropReason);
        Assert.True(responder.Leases.TryGetByAddress(b, out DhcpLease released));
        Assert.Equal(DhcpLeaseState.Released, released.State);
        Assert.Equal(b, Reply(responder.Respond(new RequestBuilder().Build(), OnLink, _reply)).YourAddress);
    }

    [Fact]
    public void Inform_gets_configuration_without_a_lease_to_ciaddr()
    {
        DhcpResponder responder = Create();
        Ipv4Address ci = Ipv4Address.Parse("10.50.0.7");
        DhcpResponse r = responder.Respond(new RequestBuilder { Type = DhcpMessageType.Inform, Ciaddr = ci }.Build(), OnLink, _reply);
        DhcpPacket ack = Reply(r);
        Assert.Equal(DhcpMessageType.Ack, ack.MessageType);
        Assert.Equal(Ipv4Address.Any, ack.YourAddress);
        Assert.False(ack.HasOption(DhcpOptionCode.IpAddressLeaseTime));
        Assert.Equal(new DhcpTransmitTarget(ci, 68, false), r.Target);
    }

    [Fact]
    public void Reservations_by_mac_and_client_id_with_per_host_boot_file()
    {
        var boot = new DhcpBootSettings { BiosBootFile = "undionly.kpxe" };
        DhcpResponder responder = Create(boot: boot, configure: s =>
        {
            s.Reservations.Add(new DhcpReservation { HardwareAddress = HardwareAddress.Parse("52:54:00:aa:bb:cc"), Address = Ipv4Address.Parse("10.50.0.20"), HostName = "node1"u8.ToArray(), Boot = ConfiguredBootPolicy.Make(boot, "special.kpxe", false) });
            s.Reservations.Add(new DhcpReservation { ClientIdentifier = [0xFF, 1, 2, 3], Address = Ipv4Address.Parse("10.50.0.21") });
        });
        DhcpPacket o = Reply(responder.Respond(new RequestBuilder { Mac = HardwareAddress.Parse("52:54:00:aa:bb:cc") }.Build(), OnLink, _reply));
        Assert.Equal(Ipv4Address.Parse("10.50.0.20"), o.YourAddress);
        Assert.Equal("special.kpxe"u8.ToArray(), o.BootFileName.ToArray());
        Assert.True(o.TryGetOption(DhcpOptionCode.HostName, out ReadOnlySpan<byte> hn));
        Assert.Equal("node1"u8.ToArray(), hn.ToArray());
        o = Reply(responder.Respond(new RequestBuilder { ClientId = [0xFF, 1, 2, 3] }.Build(), OnLink, _reply));
        Assert.Equal(Ipv4Address.Parse("10.50.0.21"), o.YourAddress);

        // Nobody else gets a reserved address, even by asking for it.
        o = Reply(responder.Respond(new RequestBuilder { Mac = HardwareAddress.Parse("52:54:00:00:00:33"), Requested = Ipv4Address.Parse("10.50.0.20") }.Build(), OnLink, _reply));
        Assert.NotEqual(Ipv4Address.Parse("10.50.0.20"), o.YourAddress);
    }

    [Theory]
    [InlineData((ushort)0, "PXEClient:Arch:00000:UNDI:002001", "undionly.kpxe")]
    [InlineData((ushort)7, "PXEClient:Arch:00007:UNDI:003010", "ipxe.efi")]
    [InlineData((ushort)9, "PXEClient:Arch:00009:UNDI:003010", "ipxe.efi")]
    [InlineData((ushort)42, "PXEClient:Arch:00042:UNDI:003010", "ipxe.efi")]
    public void Full_mode_boot_file_by_architecture(ushort arch, string vendor, string file)
    {
        DhcpPacket o = Reply(Create().Respond(new RequestBuilder { Arch = arch, VendorClass = vendor, ParameterRequestList = [1, 3, 66, 67] }.Build(), OnLink, _reply));
        Assert.Equal(Encoding.ASCII.GetBytes(file), o.BootFileName.ToArray());
        Assert.True(o.TryGetOption(DhcpOptionCode.BootFileName, out ReadOnlySpan<byte> opt67));
        Assert.Equal(Encoding.ASCII.GetBytes(file), opt67.ToArray());
        Assert.Equal(ServerIp, o.ServerAddress);
        Assert.False(o.HasOption(DhcpOptionCode.VendorClassIdentifier)); // full mode: no PXEClient, or EDK2 goes to 4011
        Assert.True(o.HasOption(DhcpOptionCode.PxelinuxMagic)); // PXE client + configured 209/210
        Assert.False(o.HasOption(DhcpOptionCode.IpxeEncapsulated));
    }

    [Fact]
    public void Ipxe_gets_the_script_and_no_pxedhcp_in_full_mode()
    {
        DhcpPacket o = Reply(Create().Respond(new RequestBuilder { Arch = 0, VendorClass = "PXEClient:Arch:00000:UNDI:002001", UserClass = "iPXE"u8.ToArray() }.Build(), OnLink, _reply));
        Assert.Equal("http://10.50.0.1/boot.ipxe"u8.ToArray(), o.BootFileName.ToArray());
        Assert.True(o.TryGetOption(DhcpOptionCode.IpxeEncapsulated, out ReadOnlySpan<byte> enc));
        Assert.Equal([176, 1, 1], enc.ToArray());
    }

    [Fact]
    public void Http_boot_client_gets_a_url_and_httpclient_echoed()
    {
        DhcpPacket o = Reply(Create().Respond(new RequestBuilder { Arch = 16, VendorClass = "HTTPClient:Arch:00016:UNDI:003000" }.Build(), OnLink, _reply));
        Assert.Equal("http://10.50.0.1/ipxe.efi"u8.ToArray(), o.BootFileName.ToArray());
        Assert.True(o.TryGetOption(DhcpOptionCode.VendorClassIdentifier, out ReadOnlySpan<byte> vc));
        Assert.Equal("HTTPClient"u8.ToArray(), vc.ToArray());
    }

    [Fact]
    public void Pxelinux_options_when_requested()
    {
        DhcpPacket o = Reply(Create().Respond(new RequestBuilder { ParameterRequestList = [1, 3, 209, 210] }.Build(), OnLink, _reply));
        Assert.True(o.TryGetOption(DhcpOptionCode.PxelinuxMagic, out ReadOnlySpan<byte> magic));
        Assert.Equal(Pxelinux.Magic.ToArray(), magic.ToArray());
        Assert.True(o.TryGetOption(DhcpOptionCode.PxelinuxConfigFile, out ReadOnlySpan<byte> cfg));
        Assert.Equal("pxelinux.cfg/default"u8.ToArray(), cfg.ToArray());
        Assert.True(o.TryGetOption(DhcpOptionCode.PxelinuxPathPrefix, out ReadOnlySpan<byte> prefix));
        Assert.Equal("/tftpboot/"u8.ToArray(), prefix.ToArray());
    }

    [Fact]
    public void Proxy_mode_answers_pxe_clients_only_with_both_efi_strategies()
    {
        byte[] guid = [0, .. Enumerable.Range(1, 16).Select(i => (byte)i)];
        DhcpResponder proxy = Create(configure: s => { s.Mode = DhcpServerMode.Proxy; s.Pools.Clear(); });
        Assert.Equal(DhcpDropReason.NotPxeClient, proxy.Respond(new RequestBuilder().Build(), OnLink, _reply).DropReason);

        // BIOS: offer on 67 with the file and discovery control 8, no address, PXEClient, GUID echoed.
        DhcpPacket o = Reply(proxy.Respond(new RequestBuilder { Arch = 0, VendorClass = "PXEClient:Arch:00000:UNDI:002001", MachineId = guid }.Build(), OnLink, _reply));
        Assert.Equal(Ipv4Address.Any, o.YourAddress);
        Assert.Equal("undionly.kpxe"u8.ToArray(), o.BootFileName.ToArray());
        Assert.True(o.TryGetOption(DhcpOptionCode.VendorSpecific, out ReadOnlySpan<byte> v43));
        Assert.True(PxeVendorOptions.TryGetDiscoveryControl(v43, out PxeDiscoveryControl dc));
        Assert.Equal(PxeDiscoveryControl.UseBootFileName, dc);
        Assert.True(o.TryGetOption(DhcpOptionCode.ClientMachineIdentifier, out ReadOnlySpan<byte> echoed));
        Assert.Equal(guid, echoed.ToArray());
        Assert.True(o.TryGetOption(DhcpOptionCode.VendorClassIdentifier, out ReadOnlySpan<byte> vc));
        Assert.Equal("PXEClient"u8.ToArray(), vc.ToArray());
        Assert.False(o.HasOption(DhcpOptionCode.IpAddressLeaseTime));

        // EFI, 4011 strategy: no file in the offer; the REQUEST on 4011 gets it, sent back to the source.
        var efi = new RequestBuilder { Arch = 7, VendorClass = "PXEClient:Arch:00007:UNDI:003010", MachineId = guid };
        o = Reply(proxy.Respond(efi.Build(), OnLink, _reply));
        Assert.True(o.BootFileName.IsEmpty);
        Assert.False(o.HasOption(DhcpOptionCode.VendorSpecific));
        efi.Type = DhcpMessageType.Request;
        efi.Ciaddr = Ipv4Address.Parse("10.50.0.150");
        var src = new DhcpReceiveContext(ServerIp, 2, Ipv4Address.Parse("10.50.0.150"), 68, 4011);
        DhcpResponse r = proxy.Respond(efi.Build(), src, _reply);
        DhcpPacket ack = Reply(r);
        Assert.Equal(DhcpMessageType.Ack, ack.MessageType);
        Assert.Equal("ipxe.efi"u8.ToArray(), ack.BootFileName.ToArray());
        Assert.Equal(new DhcpTransmitTarget(Ipv4Address.Parse("10.50.0.150"), 68, false), r.Target);

        // The same REQUEST on 67 is for the address server: ignored.
        Assert.Equal(DhcpDropReason.NotForUs, proxy.Respond(efi.Build(), OnLink, _reply).DropReason);

        // EFI, bypass strategy: file and option 43 in the offer.
        DhcpResponder bypass = Create(configure: s => { s.Mode = DhcpServerMode.Proxy; s.ProxyEfiStrategy = ProxyEfiStrategy.DiscoveryControlBypass; });
        efi.Type = DhcpMessageType.Discover;
        efi.Ciaddr = default;
        o = Reply(bypass.Respond(efi.Build(), OnLink, _reply));
        Assert.Equal("ipxe.efi"u8.ToArray(), o.BootFileName.ToArray());
        Assert.True(o.HasOption(DhcpOptionCode.VendorSpecific));

        // iPXE through a proxy: the script, never 175.176.
        o = Reply(proxy.Respond(new RequestBuilder { Arch = 7, VendorClass = "PXEClient:Arch:00007:UNDI:003010", UserClass = "iPXE"u8.ToArray() }.Build(), OnLink, _reply));
        Assert.Equal("http://10.50.0.1/boot.ipxe"u8.ToArray(), o.BootFileName.ToArray());
        Assert.False(o.HasOption(DhcpOptionCode.IpxeEncapsulated));
    }

    [Fact]
    public void Flood_of_new_macs_is_bounded()
    {
        DhcpResponder responder = Create(configure: s => s.MaxNewClientsPerSecond = 5, start: "10.50.0.10", end: "10.50.0.250");
        int answered = 0, flood = 0;
        for (int i = 0; i < 50; i++)
        {
            DhcpResponse r = responder.Respond(new RequestBuilder { Mac = new HardwareAddress([6, 0, 0, 0, 0, (byte)i]) }.Build(), OnLink, _reply);
            answered += r.HasReply ? 1 : 0;
            flood += r.DropReason == DhcpDropReason.Flood ? 1 : 0;
        }

        Assert.Equal(5, answered);
        Assert.Equal(45, flood);
        Assert.True(responder.Leases.Count <= 5);
    }

    [Fact]
    public void Garbage_never_throws_and_is_a_counted_drop()
    {
        DhcpResponder responder = Create();
        var rng = new Random(7);
        int drops = 0;
        for (int i = 0; i < 2000; i++)
        {
            byte[] junk = new byte[rng.Next(0, 700)];
            rng.NextBytes(junk);
            if (junk.Length > 240 && i % 2 == 0)
            {
                junk[236] = 0x63; junk[237] = 0x82; junk[238] = 0x53; junk[239] = 0x63; // make some get past the cookie
            }

            DhcpResponse r = responder.Respond(junk, OnLink, _reply);
            if (r.HasReply)
            {
                Assert.True(DhcpPacket.TryCreate(_reply.AsSpan(0, r.Length), out _));
            }
            else
            {
                drops++;
            }
        }

        Assert.True(drops > 1900, $"only {drops} drops");
    }

    [Fact]
    public void Renewal_path_allocates_nothing()
    {
        DhcpResponder responder = Create();
        var req = new RequestBuilder();
        Ipv4Address a = Reply(responder.Respond(req.Build(), OnLink, _reply)).YourAddress;
        req.Type = DhcpMessageType.Request;
        req.Requested = a;
        req.ServerId = ServerIp;
        byte[] request = req.Build();
        Reply(responder.Respond(request, OnLink, _reply));
        byte[] discover = new RequestBuilder().Build();
        byte[] reply = _reply;
        AllocationAssert.NoAllocations(() =>
        {
            responder.Respond(discover, OnLink, reply);
            responder.Respond(request, OnLink, reply);
        });
    }
}
