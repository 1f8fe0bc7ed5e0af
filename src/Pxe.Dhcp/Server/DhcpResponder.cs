using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Pxe.Dhcp;

/// <summary>
/// The DHCP engine: one request datagram plus the lease state in, one reply datagram (and where to send it)
/// out. No sockets, no threads: the clock is a <see cref="TimeProvider"/>, so tests and pcap replays drive it
/// directly. Not thread-safe; the server calls it from one loop at a time.
/// </summary>
/// <remarks>
/// Full mode follows RFC 2131 §4.3 (DISCOVER §4.3.1, REQUEST in SELECTING / INIT-REBOOT / RENEWING / REBINDING
/// §4.3.2, DECLINE §4.3.3, RELEASE §4.3.4, INFORM §4.3.5) and addresses replies per §4.1. Proxy mode follows the
/// PXE 2.1 specification §2.2.3: PXE clients only, no addresses, OFFERs on 67 and ACKs to REQUESTs on 4011.
/// Answering a renewing client allocates nothing.
/// </remarks>
public sealed partial class DhcpResponder
{
    private static ReadOnlySpan<byte> PxeClient => "PXEClient"u8;

    private static ReadOnlySpan<byte> HttpClient => "HTTPClient"u8;

    private readonly DhcpResponderSettings _settings;
    private readonly IDhcpLeaseStore _leases;
    private readonly IBootPolicy _bootPolicy;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DhcpMetrics? _metrics;
    private readonly DhcpPool[] _pools;
    private readonly uint[] _cursors;
    private readonly Dictionary<HardwareAddress, DhcpReservation> _reservationsByMac = [];
    private readonly Dictionary<DhcpClientKey, DhcpReservation> _reservationsByClientId = [];
    private readonly Dictionary<Ipv4Address, DhcpReservation> _reservationsByAddress = [];
    private double _floodTokens;
    private long _floodRefilledAt;
    private long _exhaustedLoggedAt = long.MinValue;
    private int _exhaustedSinceLog;

    /// <summary>Creates a responder.</summary>
    public DhcpResponder(DhcpResponderSettings settings, IDhcpLeaseStore leases, IBootPolicy bootPolicy, TimeProvider? time = null, ILogger? logger = null, DhcpMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(leases);
        ArgumentNullException.ThrowIfNull(bootPolicy);
        _settings = settings;
        _leases = leases;
        _bootPolicy = bootPolicy;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _metrics = metrics;
        _pools = [.. settings.Pools];
        _cursors = new uint[_pools.Length];
        foreach (DhcpReservation r in settings.Reservations)
        {
            if (r.HardwareAddress is { } mac)
            {
                _reservationsByMac[mac] = r;
            }

            if (r.ClientIdentifier is { Length: > 0 and <= DhcpLimits.MaxClientKeyLength } id)
            {
                _reservationsByClientId[new DhcpClientKey(DhcpClientKeyKind.ClientIdentifier, id)] = r;
            }

            _reservationsByAddress[r.Address] = r;
        }

        _floodTokens = settings.MaxNewClientsPerSecond;
        _floodRefilledAt = _time.GetTimestamp();
    }

    /// <summary>The lease store.</summary>
    public IDhcpLeaseStore Leases => _leases;

    /// <summary>
    /// Answers one datagram. Writes the reply into <paramref name="reply"/> (give it
    /// <see cref="DhcpLimits.MaxReplyLength"/> bytes) and returns its length and destination, or why nothing is
    /// sent. Never throws for any input bytes.
    /// </summary>
    public DhcpResponse Respond(ReadOnlySpan<byte> datagram, in DhcpReceiveContext context, Span<byte> reply)
    {
        DhcpResponse response;
        if (!DhcpPacket.TryCreate(datagram, out DhcpPacket request, out DhcpParseStatus status))
        {
            response = DhcpResponse.Drop(DhcpDropReason.Malformed, status);
        }
        else if (request.Op != BootpOpCode.BootRequest)
        {
            response = DhcpResponse.Drop(DhcpDropReason.NotRequest);
        }
        else if (request.MessageType == DhcpMessageType.None)
        {
            response = DhcpResponse.Drop(DhcpDropReason.NotDhcp);
        }
        else
        {
            response = _settings.Mode == DhcpServerMode.Proxy ? RespondProxy(request, context, reply) : RespondFull(request, context, reply);
        }

        _metrics?.Record(request.MessageType, response);
        return response;
    }

    private Ipv4Address ServerId(in DhcpReceiveContext context) => _settings.ServerIdentifier.IsAny ? context.InterfaceAddress : _settings.ServerIdentifier;

    private DhcpResponse RespondFull(in DhcpPacket request, in DhcpReceiveContext context, Span<byte> reply)
    {
        DhcpClientKey key = DhcpClientKey.FromRequest(request);
        DateTimeOffset now = _time.GetUtcNow();
        switch (request.MessageType)
        {
            case DhcpMessageType.Discover:
                return Discover(request, context, key, now, reply);
            case DhcpMessageType.Request:
                return Request(request, context, key, now, reply);
            case DhcpMessageType.Decline:
                return Decline(request, context, key, now);
            case DhcpMessageType.Release:
                return Release(request, context, key, now);
            case DhcpMessageType.Inform:
                return Inform(request, context, reply);
            default:
                return DhcpResponse.Drop(DhcpDropReason.UnexpectedMessageType);
        }
    }

    // RFC 2131 §4.3.1: choose an address — the reservation, the client's current or previous address, the requested
    // address if free, else a free one from the pool — and hold it while the offer is outstanding.
    private DhcpResponse Discover(in DhcpPacket request, in DhcpReceiveContext context, in DhcpClientKey key, DateTimeOffset now, Span<byte> reply)
    {
        DhcpReservation? reservation = FindReservation(request, key);
        DhcpPool? pool = SelectPool(request, context, reservation);
        Ipv4Address address;
        bool hasRecord = _leases.TryGetByClient(key, out DhcpLease existing);
        if (reservation is not null)
        {
            address = reservation.Address;
        }
        else if (pool is null)
        {
            return DhcpResponse.Drop(DhcpDropReason.NoPool);
        }
        else if (hasRecord && existing.State != DhcpLeaseState.Declined && pool.Contains(existing.Address) && !_reservationsByAddress.ContainsKey(existing.Address))
        {
            address = existing.Address;
        }
        else
        {
            if (!hasRecord && !TakeFloodToken())
            {
                return DhcpResponse.Drop(DhcpDropReason.Flood);
            }

            if (!(TryGetAddressOption(request, DhcpOptionCode.RequestedIpAddress, out address) && IsAssignable(address, key, pool, null, now))
                && !TryFindFree(pool, key, now, out address))
            {
                LogExhausted(pool);
                return DhcpResponse.Drop(DhcpDropReason.PoolExhausted);
            }
        }

        // Keep a bound lease bound (an INIT client re-discovering); otherwise hold the address as offered.
        bool keepBound = hasRecord && existing.Address == address && existing.State == DhcpLeaseState.Bound && existing.ExpiresAt > now + _settings.OfferHoldTime;
        if (!keepBound && !_leases.TryCommit(new DhcpLease(key, address, now + _settings.OfferHoldTime, DhcpLeaseState.Offered), now))
        {
            DhcpLog.AddressConflict(_logger, address);
            return DhcpResponse.Drop(DhcpDropReason.PoolExhausted);
        }

        return WriteReply(request, context, DhcpMessageType.Offer, address, pool, reservation, reply);
    }

    // RFC 2131 §4.3.2.
    private DhcpResponse Request(in DhcpPacket request, in DhcpReceiveContext context, in DhcpClientKey key, DateTimeOffset now, Span<byte> reply)
    {
        Ipv4Address serverId = ServerId(context);
        bool hasServerId = TryGetAddressOption(request, DhcpOptionCode.ServerIdentifier, out Ipv4Address requestedServer);
        bool hasRequested = TryGetAddressOption(request, DhcpOptionCode.RequestedIpAddress, out Ipv4Address requested);
        DhcpReservation? reservation = FindReservation(request, key);
        DhcpPool? pool = SelectPool(request, context, reservation);
        bool hasRecord = _leases.TryGetByClient(key, out DhcpLease lease);

        if (hasServerId)
        {
            // SELECTING: the client chose a server. Not us: release the held offer silently.
            if (requestedServer != serverId)
            {
                if (hasRecord && lease.State == DhcpLeaseState.Offered)
                {
                    _leases.Remove(key);
                }

                return DhcpResponse.Drop(DhcpDropReason.NotForUs);
            }

            Ipv4Address address = hasRequested ? requested : request.ClientAddress;
            if ((hasRecord && lease.Address == address && lease.State != DhcpLeaseState.Declined) || IsAssignable(address, key, pool, reservation, now))
            {
                return Ack(request, context, key, address, pool, reservation, now, reply);
            }

            return Nak(request, context, reply);
        }

        // INIT-REBOOT (requested, no ciaddr) or RENEWING/REBINDING (ciaddr).
        Ipv4Address claimed = request.ClientAddress.IsAny ? requested : request.ClientAddress;
        if (claimed.IsAny)
        {
            return DhcpResponse.Drop(DhcpDropReason.NotForUs);
        }

        if (hasRecord && lease.Address == claimed && lease.State != DhcpLeaseState.Declined && (reservation is null || reservation.Address == claimed))
        {
            return Ack(request, context, key, claimed, pool, reservation, now, reply);
        }

        bool onNetwork = reservation?.Address == claimed || (pool is not null && pool.IsInSubnet(claimed));
        if (!onNetwork)
        {
            // §4.3.2: "If the requested address is not on the correct network, the server SHOULD send a DHCPNAK."
            return pool is not null && _settings.Authoritative ? Nak(request, context, reply) : DhcpResponse.Drop(DhcpDropReason.NotForUs);
        }

        if (_leases.TryGetByAddress(claimed, out DhcpLease holder) && holder.Client != key && holder.HoldsAddress(now))
        {
            return Nak(request, context, reply);
        }

        if (reservation is not null && reservation.Address != claimed)
        {
            return Nak(request, context, reply);
        }

        // No record of this client. §4.3.2 says to stay silent; an authoritative server (dnsmasq's dhcp-authoritative,
        // ISC's "authoritative") instead confirms a free, valid pool address, which is how clients keep their address
        // after a lease database is lost.
        if (_settings.Authoritative && IsAssignable(claimed, key, pool, reservation, now))
        {
            return Ack(request, context, key, claimed, pool, reservation, now, reply);
        }

        return _settings.Authoritative ? Nak(request, context, reply) : DhcpResponse.Drop(DhcpDropReason.NotForUs);
    }

    private DhcpResponse Ack(in DhcpPacket request, in DhcpReceiveContext context, in DhcpClientKey key, Ipv4Address address, DhcpPool? pool, DhcpReservation? reservation, DateTimeOffset now, Span<byte> reply)
    {
        TimeSpan leaseTime = pool?.LeaseTime ?? TimeSpan.FromHours(1);
        if (!_leases.TryCommit(new DhcpLease(key, address, now + leaseTime, DhcpLeaseState.Bound), now))
        {
            DhcpLog.AddressConflict(_logger, address);
            return Nak(request, context, reply);
        }

        return WriteReply(request, context, DhcpMessageType.Ack, address, pool, reservation, reply);
    }

    // RFC 2131 §4.3.3: the address is in use elsewhere; quarantine it and forget the client's binding.
    private DhcpResponse Decline(in DhcpPacket request, in DhcpReceiveContext context, in DhcpClientKey key, DateTimeOffset now)
    {
        if (TryGetAddressOption(request, DhcpOptionCode.ServerIdentifier, out Ipv4Address sid) && sid != ServerId(context))
        {
            return DhcpResponse.Drop(DhcpDropReason.NotForUs);
        }

        if (TryGetAddressOption(request, DhcpOptionCode.RequestedIpAddress, out Ipv4Address address)
            && _leases.TryGetByClient(key, out DhcpLease lease) && lease.Address == address)
        {
            _leases.Remove(key);
            _leases.TryCommit(new DhcpLease(DhcpClientKey.ForDeclinedAddress(address), address, now + _settings.DeclineHoldTime, DhcpLeaseState.Declined), now);
            DhcpLog.Declined(_logger, address, request.ClientHardwareAddress);
        }

        return DhcpResponse.Drop(DhcpDropReason.NoReplyNeeded);
    }

    // RFC 2131 §4.3.4: mark released; the record stays so the client gets the same address next time.
    private DhcpResponse Release(in DhcpPacket request, in DhcpReceiveContext context, in DhcpClientKey key, DateTimeOffset now)
    {
        if (TryGetAddressOption(request, DhcpOptionCode.ServerIdentifier, out Ipv4Address sid) && sid != ServerId(context))
        {
            return DhcpResponse.Drop(DhcpDropReason.NotForUs);
        }

        if (_leases.TryGetByClient(key, out DhcpLease lease) && lease.Address == request.ClientAddress)
        {
            _leases.TryCommit(lease with { ExpiresAt = now, State = DhcpLeaseState.Released }, now);
        }

        return DhcpResponse.Drop(DhcpDropReason.NoReplyNeeded);
    }

    // RFC 2131 §4.3.5: configuration only, no lease, sent to ciaddr.
    private DhcpResponse Inform(in DhcpPacket request, in DhcpReceiveContext context, Span<byte> reply)
    {
        DhcpPool? pool = SelectPool(request, context, null);
        return WriteReply(request, context, DhcpMessageType.Ack, Ipv4Address.Any, pool, null, reply, inform: true);
    }

    private DhcpResponse Nak(in DhcpPacket request, in DhcpReceiveContext context, Span<byte> reply)
    {
        int max = ReplyLimit(request, reply.Length);
        if (!DhcpPacketWriter.TryCreate(reply[..max], out DhcpPacketWriter w))
        {
            return DhcpResponse.Drop(DhcpDropReason.ReplyTooLarge);
        }

        w.Op = BootpOpCode.BootReply;
        w.CopyRequestFields(request);
        if (!request.GatewayAddress.IsAny)
        {
            // §4.3.2: a NAK through a relay must have the broadcast bit set, so the relay broadcasts it.
            w.Flags |= DhcpFlags.Broadcast;
        }

        var o = new DhcpOptionWriter(w.OptionsArea[..^1]);
        o.TryWriteMessageType(DhcpMessageType.Nak);
        o.TryWriteAddress(DhcpOptionCode.ServerIdentifier, ServerId(context));
        o.TryWrite(DhcpOptionCode.Message, "requested address not available"u8);
        var end = new DhcpOptionWriter(w.OptionsArea[o.BytesWritten..]);
        end.TryWriteEnd();
        int length = w.Complete(o.BytesWritten + 1);
        return DhcpResponse.Reply(DhcpMessageType.Nak, length, Target(request, context, DhcpMessageType.Nak));
    }

    private DhcpResponse RespondProxy(in DhcpPacket request, in DhcpReceiveContext context, Span<byte> reply)
    {
        ReadOnlySpan<byte> vendor = request.TryGetOption(DhcpOptionCode.VendorClassIdentifier, out ReadOnlySpan<byte> v) ? v : default;
        if (!vendor.StartsWith(PxeClient) && !vendor.StartsWith(HttpClient))
        {
            return DhcpResponse.Drop(DhcpDropReason.NotPxeClient);
        }

        bool onBootServerPort = context.LocalPort == DhcpTransmitTarget.PxeBootServerPort;
        DhcpMessageType replyType;
        if (request.MessageType == DhcpMessageType.Discover && !onBootServerPort)
        {
            replyType = DhcpMessageType.Offer;
        }
        else if (request.MessageType == DhcpMessageType.Request && onBootServerPort)
        {
            replyType = DhcpMessageType.Ack;
        }
        else
        {
            // REQUESTs on 67 belong to the DHCP server that gives addresses.
            return DhcpResponse.Drop(DhcpDropReason.NotForUs);
        }

        return WriteReply(request, context, replyType, Ipv4Address.Any, null, null, reply);
    }

    private DhcpBootRequest MakeBootRequest(in DhcpPacket request)
    {
        ReadOnlySpan<byte> vendor = request.TryGetOption(DhcpOptionCode.VendorClassIdentifier, out ReadOnlySpan<byte> v) ? v : default;
        bool hasArch = request.TryGetOption(DhcpOptionCode.ClientSystemArchitecture, out ReadOnlySpan<byte> archValue);
        PxeClientArchitecture arch = default;
        hasArch = hasArch && PxeClientArchitectures.TryGet(archValue, 0, out arch);
        bool hasId = request.TryGetOption(DhcpOptionCode.ClientMachineIdentifier, out ReadOnlySpan<byte> idValue);
        ClientMachineId id = default;
        hasId = hasId && ClientMachineId.TryRead(idValue, out id);
        bool ipxe = request.TryGetOption(DhcpOptionCode.UserClass, out ReadOnlySpan<byte> userClass) && UserClass.Contains(userClass, UserClass.Ipxe);
        return new DhcpBootRequest
        {
            Mode = _settings.Mode,
            MessageType = request.MessageType,
            ClientHardwareAddress = request.ClientHardwareAddress,
            HasArchitecture = hasArch,
            Architecture = arch,
            HasMachineId = hasId,
            MachineId = id,
            IsPxeClient = vendor.StartsWith(PxeClient),
            IsHttpClient = vendor.StartsWith(HttpClient),
            IsIpxe = ipxe,
            VendorClass = vendor,
        };
    }

    private DhcpResponse WriteReply(in DhcpPacket request, in DhcpReceiveContext context, DhcpMessageType type, Ipv4Address yiaddr, DhcpPool? pool, DhcpReservation? reservation, Span<byte> reply, bool inform = false)
    {
        bool proxy = _settings.Mode == DhcpServerMode.Proxy;
        Ipv4Address serverId = ServerId(context);
        DhcpBootRequest boot = MakeBootRequest(request);
        ReadOnlySpan<byte> prl = request.TryGetOption(DhcpOptionCode.ParameterRequestList, out ReadOnlySpan<byte> p) ? p : default;

        // Boot information goes to clients that boot: PXE/HTTP firmware, iPXE, anything sending option 93 or asking for 67.
        bool wantsBoot = boot.IsPxeClient || boot.IsHttpClient || boot.IsIpxe || boot.HasArchitecture || prl.Contains((byte)DhcpOptionCode.BootFileName)
            || prl.IndexOfAnyInRange((byte)DhcpOptionCode.PxelinuxMagic, (byte)DhcpOptionCode.PxelinuxRebootTime) >= 0;
        DhcpBootDecision? decision = reservation?.Boot ?? (wantsBoot ? _bootPolicy.Select(boot) : null);
        if (proxy && decision is null)
        {
            return DhcpResponse.Drop(DhcpDropReason.NoBootDecision);
        }

        int max = ReplyLimit(request, reply.Length);
        if (!DhcpPacketWriter.TryCreate(reply[..max], out DhcpPacketWriter w))
        {
            return DhcpResponse.Drop(DhcpDropReason.ReplyTooLarge);
        }

        w.Op = BootpOpCode.BootReply;
        w.CopyRequestFields(request);
        w.YourAddress = yiaddr;
        if (type == DhcpMessageType.Ack)
        {
            // Table 3: ciaddr is copied from the request in a DHCPACK.
            w.ClientAddress = request.ClientAddress;
        }

        bool efiViaBootServer = proxy && type == DhcpMessageType.Offer && _settings.ProxyEfiStrategy == ProxyEfiStrategy.BootServerDiscovery
            && boot.HasArchitecture && PxeClientArchitectures.IsEfi(boot.Architecture) && !boot.IsIpxe;
        bool bootFileInOption = false;
        if (decision is not null)
        {
            w.ServerAddress = decision.NextServer.IsAny ? serverId : decision.NextServer;
            if (decision.BootFileName is { } file && !efiViaBootServer && !w.TrySetBootFileName(file))
            {
                bootFileInOption = true; // Longer than the 127 bytes of the file field (URLs): option 67 only.
            }
        }

        var o = new DhcpOptionWriter(w.OptionsArea[..^1]);
        bool ok = o.TryWriteMessageType(type) && o.TryWriteAddress(DhcpOptionCode.ServerIdentifier, serverId);
        if (!proxy && !inform && type is DhcpMessageType.Offer or DhcpMessageType.Ack)
        {
            uint seconds = (uint)Math.Min(uint.MaxValue, (pool?.LeaseTime ?? TimeSpan.FromHours(1)).TotalSeconds);

            // RFC 2131 §4.4.5: T1 defaults to 0.5 and T2 to 0.875 of the lease.
            ok = ok && o.TryWriteUInt32(DhcpOptionCode.IpAddressLeaseTime, seconds)
                    && o.TryWriteUInt32(DhcpOptionCode.RenewalTime, seconds / 2)
                    && o.TryWriteUInt32(DhcpOptionCode.RebindingTime, (uint)(seconds * 7UL / 8));
        }

        if (pool is not null)
        {
            ok = ok && o.TryWriteAddress(DhcpOptionCode.SubnetMask, pool.SubnetMask);
            if (pool.Routers.Count > 0)
            {
                WriteAddressList(ref o, DhcpOptionCode.Router, pool.Routers);
            }

            if (pool.DnsServers.Count > 0)
            {
                WriteAddressList(ref o, DhcpOptionCode.DomainNameServer, pool.DnsServers);
            }

            if (pool.DomainName is { } domain)
            {
                o.TryWrite(DhcpOptionCode.DomainName, domain);
            }

            o.TryWriteAddress(DhcpOptionCode.BroadcastAddress, pool.BroadcastAddress);
        }

        if (reservation?.HostName is { } hostName)
        {
            o.TryWrite(DhcpOptionCode.HostName, hostName);
        }

        if (!ok)
        {
            return DhcpResponse.Drop(DhcpDropReason.ReplyTooLarge);
        }

        if (decision is not null)
        {
            WriteBootOptions(ref o, request, boot.IsHttpClient, boot.IsPxeClient, boot.IsIpxe, decision, prl, proxy, type, efiViaBootServer, bootFileInOption);
        }

        // RFC 3046 §2.2: the server echoes option 82 unchanged in its reply to the relay.
        if (request.TryGetOption(DhcpOptionCode.RelayAgentInformation, out ReadOnlySpan<byte> relay))
        {
            o.TryWrite(DhcpOptionCode.RelayAgentInformation, relay);
        }

        var end = new DhcpOptionWriter(w.OptionsArea[o.BytesWritten..]);
        end.TryWriteEnd();
        int length = w.Complete(o.BytesWritten + 1);
        return DhcpResponse.Reply(type, length, Target(request, context, type));
    }

    private static void WriteBootOptions(ref DhcpOptionWriter o, scoped in DhcpPacket request, bool isHttpClient, bool isPxeClient, bool isIpxe, DhcpBootDecision decision, scoped ReadOnlySpan<byte> prl, bool proxy, DhcpMessageType type, bool efiViaBootServer, bool bootFileInOption)
    {
        if (decision.IsHttpBoot || isHttpClient)
        {
            // UEFI spec §24.7.2: an HTTP-boot offer must carry option 60 "HTTPClient".
            o.TryWrite(DhcpOptionCode.VendorClassIdentifier, HttpClient);
        }
        else if (proxy)
        {
            // PXE 2.1 §2.2.3: a proxy offer identifies itself with option 60 "PXEClient".
            o.TryWrite(DhcpOptionCode.VendorClassIdentifier, PxeClient);
        }

        if (decision.BootFileName is { } file && !efiViaBootServer && (bootFileInOption || prl.Contains((byte)DhcpOptionCode.BootFileName)))
        {
            o.TryWrite(DhcpOptionCode.BootFileName, file);
        }

        if (decision.TftpServerName is { } tftpName)
        {
            o.TryWrite(DhcpOptionCode.TftpServerName, tftpName);
        }

        if (proxy)
        {
            // RFC 4578 §2.3 / PXE: echo the machine id so the client matches the proxy answer.
            if (request.TryGetOption(DhcpOptionCode.ClientMachineIdentifier, out ReadOnlySpan<byte> guid))
            {
                o.TryWrite(DhcpOptionCode.ClientMachineIdentifier, guid);
            }

            if (type == DhcpMessageType.Ack)
            {
                // The boot-server ACK on 4011 names the boot item it answers (type 0x8000, layer 0).
                if (o.TryBeginOption(DhcpOptionCode.VendorSpecific, out DhcpOptionToken token))
                {
                    bool ok = o.TryWrite((DhcpOptionCode)PxeVendorOptionCode.BootItem, [0x80, 0x00, 0x00, 0x00]) && o.TryWriteEnd() && o.TryEndOption(token);
                    if (!ok)
                    {
                        o.Abandon(token);
                    }
                }
            }
            else if (!efiViaBootServer && !decision.IsHttpBoot)
            {
                // Bypass discovery: download the file named in this offer (discovery control bit 3).
                PxeVendorOptions.TryWrite(ref o, PxeDiscoveryControl.UseBootFileName, default);
            }
        }

        bool pxelinuxAsked = false;
        foreach (byte code in prl)
        {
            pxelinuxAsked |= code is >= 208 and <= 211;
        }

        if (decision.HasPxelinuxOptions && (pxelinuxAsked || isPxeClient))
        {
            // RFC 5071 §4: 208 tells PXELINUX that 209–211 follow these semantics.
            o.TryWrite(DhcpOptionCode.PxelinuxMagic, Pxelinux.Magic);
            if (decision.PxelinuxConfigFile is { } cfg)
            {
                o.TryWrite(DhcpOptionCode.PxelinuxConfigFile, cfg);
            }

            if (decision.PxelinuxPathPrefix is { } prefix)
            {
                o.TryWrite(DhcpOptionCode.PxelinuxPathPrefix, prefix);
            }

            if (decision.PxelinuxRebootTime is { } reboot)
            {
                o.TryWriteUInt32(DhcpOptionCode.PxelinuxRebootTime, reboot);
            }
        }

        if (isIpxe && !proxy)
        {
            // 175.176 no-pxedhcp: this server gave the boot file, so iPXE need not wait ~3 s for proxyDHCP offers.
            // Never in proxy mode, where iPXE would then ignore the proxy's answer (FIELD-NOTES).
            if (o.TryBeginOption(DhcpOptionCode.IpxeEncapsulated, out DhcpOptionToken token))
            {
                if (!(o.TryWrite((DhcpOptionCode)IpxeOptionCode.NoPxeDhcp, [1]) && o.TryEndOption(token)))
                {
                    o.Abandon(token);
                }
            }
        }
    }

    private static void WriteAddressList(ref DhcpOptionWriter o, DhcpOptionCode code, IReadOnlyList<Ipv4Address> addresses)
    {
        Span<Ipv4Address> list = stackalloc Ipv4Address[Math.Min(addresses.Count, 63)];
        for (int i = 0; i < list.Length; i++)
        {
            list[i] = addresses[i];
        }

        o.TryWriteAddresses(code, list);
    }

    // RFC 2131 §4.1, in its order of precedence.
    private DhcpTransmitTarget Target(in DhcpPacket request, in DhcpReceiveContext context, DhcpMessageType type)
    {
        if (_settings.Mode == DhcpServerMode.Proxy && context.LocalPort == DhcpTransmitTarget.PxeBootServerPort)
        {
            // PXE 2.1 §2.2.5: the boot server answers the client's source address and port.
            return new DhcpTransmitTarget(context.SourceAddress, context.SourcePort, false);
        }

        if (!request.GatewayAddress.IsAny)
        {
            // Relayed: to the relay agent's server port.
            return new DhcpTransmitTarget(request.GatewayAddress, DhcpTransmitTarget.ServerPort, false);
        }

        if (type == DhcpMessageType.Nak)
        {
            return new DhcpTransmitTarget(Ipv4Address.Broadcast, DhcpTransmitTarget.ClientPort, true);
        }

        if (!request.ClientAddress.IsAny)
        {
            return new DhcpTransmitTarget(request.ClientAddress, DhcpTransmitTarget.ClientPort, false);
        }

        // Broadcast bit set, or a client that could take unicast to yiaddr: without writing an ARP entry for chaddr
        // (CAP_NET_ADMIN) a user-space server cannot reach an unconfigured host by unicast, so it broadcasts, as the
        // RFC allows ("If unicasting is not possible, the message MAY be sent as an IP broadcast").
        return new DhcpTransmitTarget(Ipv4Address.Broadcast, DhcpTransmitTarget.ClientPort, true);
    }

    private static int ReplyLimit(in DhcpPacket request, int bufferLength)
    {
        int limit = DhcpLimits.DefaultMaxPayload;
        if (request.TryGetOption(DhcpOptionCode.MaxMessageSize, out ReadOnlySpan<byte> value) && value.Length == 2)
        {
            // RFC 2132 §9.10: the largest message the client accepts (IP datagram, never below 576).
            int max = BinaryPrimitives.ReadUInt16BigEndian(value);
            limit = Math.Clamp(max, DhcpLimits.DefaultMaxMessageSize, DhcpLimits.EthernetMaxPayload + 28) - 28;
        }

        return Math.Min(limit, bufferLength);
    }

    private static bool TryGetAddressOption(in DhcpPacket request, DhcpOptionCode code, out Ipv4Address address)
    {
        if (request.TryGetOption(code, out ReadOnlySpan<byte> value) && value.Length == 4)
        {
            address = Ipv4Address.Read(value);
            return true;
        }

        address = default;
        return false;
    }

    private DhcpReservation? FindReservation(in DhcpPacket request, in DhcpClientKey key)
    {
        if (_reservationsByAddress.Count == 0)
        {
            return null;
        }

        if (key.Kind == DhcpClientKeyKind.ClientIdentifier && _reservationsByClientId.TryGetValue(key, out DhcpReservation? byId))
        {
            return byId;
        }

        return _reservationsByMac.TryGetValue(request.ClientHardwareAddress, out DhcpReservation? byMac) ? byMac : null;
    }

    private DhcpPool? SelectPool(in DhcpPacket request, in DhcpReceiveContext context, DhcpReservation? reservation)
    {
        // A relayed request is served from the pool of the relay's network (RFC 2131 §4.3.1), else the pool of the
        // ingress interface's network, else the one holding the reservation, else the first pool.
        Ipv4Address network = !request.GatewayAddress.IsAny ? request.GatewayAddress : context.InterfaceAddress;
        foreach (DhcpPool pool in _pools)
        {
            if (pool.IsInSubnet(network))
            {
                return pool;
            }
        }

        if (!request.GatewayAddress.IsAny)
        {
            return null;
        }

        if (reservation is not null)
        {
            foreach (DhcpPool pool in _pools)
            {
                if (pool.IsInSubnet(reservation.Address))
                {
                    return pool;
                }
            }
        }

        return _pools.Length > 0 && context.InterfaceAddress.IsAny ? _pools[0] : null;
    }

    private bool IsAssignable(Ipv4Address address, in DhcpClientKey key, DhcpPool? pool, DhcpReservation? reservation, DateTimeOffset now)
    {
        if (reservation is not null)
        {
            return reservation.Address == address;
        }

        if (pool is null || !pool.Contains(address) || _reservationsByAddress.ContainsKey(address))
        {
            return false;
        }

        return !(_leases.TryGetByAddress(address, out DhcpLease holder) && holder.Client != key && holder.HoldsAddress(now));
    }

    private bool TryFindFree(DhcpPool pool, in DhcpClientKey key, DateTimeOffset now, out Ipv4Address address)
    {
        int index = Array.IndexOf(_pools, pool);
        uint size = pool.Size;
        uint cursor = _cursors[index];
        for (uint i = 0; i < size; i++)
        {
            uint offset = (cursor + i) % size;
            var candidate = new Ipv4Address(pool.Start.Value + offset);
            if (_reservationsByAddress.ContainsKey(candidate))
            {
                continue;
            }

            if (_leases.TryGetByAddress(candidate, out DhcpLease holder) && holder.Client != key && holder.HoldsAddress(now))
            {
                continue;
            }

            _cursors[index] = (offset + 1) % size;
            address = candidate;
            return true;
        }

        address = default;
        return false;
    }

    private bool TakeFloodToken()
    {
        long nowTicks = _time.GetTimestamp();
        double elapsed = (nowTicks - _floodRefilledAt) / (double)_time.TimestampFrequency;
        _floodRefilledAt = nowTicks;
        int rate = _settings.MaxNewClientsPerSecond;
        _floodTokens = Math.Min(rate, _floodTokens + (elapsed * rate));
        if (_floodTokens >= 1)
        {
            _floodTokens--;
            return true;
        }

        DhcpLog.Flood(_logger, rate);
        return false;
    }

    private void LogExhausted(DhcpPool pool)
    {
        _exhaustedSinceLog++;
        long now = _time.GetTimestamp();
        if (_exhaustedLoggedAt == long.MinValue || (now - _exhaustedLoggedAt) / (double)_time.TimestampFrequency >= 10)
        {
            DhcpLog.PoolExhausted(_logger, pool.Start, pool.End, _exhaustedSinceLog);
            _exhaustedLoggedAt = now;
            _exhaustedSinceLog = 0;
        }
    }
}
