using System.Diagnostics.Metrics;

namespace Pxe.Dhcp;

/// <summary>
/// Counters of the <c>Pxe.Dhcp</c> meter: <c>pxe.dhcp.requests</c> (tag <c>type</c>), <c>pxe.dhcp.offers</c>,
/// <c>pxe.dhcp.acks</c>, <c>pxe.dhcp.naks</c> and <c>pxe.dhcp.drops</c> (tag <c>reason</c>).
/// </summary>
public sealed class DhcpMetrics : IDisposable
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Pxe.Dhcp";

    private static readonly string[] ReasonNames = Enum.GetNames<DhcpDropReason>();
    private static readonly string[] TypeNames = ["none", "discover", "offer", "request", "decline", "ack", "nak", "release", "inform"];
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _offers;
    private readonly Counter<long> _acks;
    private readonly Counter<long> _naks;
    private readonly Counter<long> _drops;

    /// <summary>Creates the counters on a meter from <paramref name="meterFactory"/>, or on a private meter when it is null.</summary>
    public DhcpMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _requests = _meter.CreateCounter<long>("pxe.dhcp.requests", "{message}", "DHCP messages received, by type");
        _offers = _meter.CreateCounter<long>("pxe.dhcp.offers", "{message}", "DHCPOFFERs sent");
        _acks = _meter.CreateCounter<long>("pxe.dhcp.acks", "{message}", "DHCPACKs sent");
        _naks = _meter.CreateCounter<long>("pxe.dhcp.naks", "{message}", "DHCPNAKs sent");
        _drops = _meter.CreateCounter<long>("pxe.dhcp.drops", "{message}", "Datagrams not answered, by reason");
    }

    /// <summary>Records one datagram's outcome.</summary>
    public void Record(DhcpMessageType requestType, in DhcpResponse response)
    {
        if (requestType != DhcpMessageType.None || response.DropReason != DhcpDropReason.Malformed)
        {
            string type = (int)requestType < TypeNames.Length ? TypeNames[(int)requestType] : "other";
            _requests.Add(1, new KeyValuePair<string, object?>("type", type));
        }

        switch (response.MessageType)
        {
            case DhcpMessageType.Offer:
                _offers.Add(1);
                break;
            case DhcpMessageType.Ack:
                _acks.Add(1);
                break;
            case DhcpMessageType.Nak:
                _naks.Add(1);
                break;
            default:
                if (response.DropReason != DhcpDropReason.NoReplyNeeded)
                {
                    RecordDrop(response.DropReason);
                }

                break;
        }
    }

    /// <summary>Counts a drop decided outside the responder (transport errors, unsent ACKs).</summary>
    public void RecordDrop(DhcpDropReason reason) =>
        _drops.Add(1, new KeyValuePair<string, object?>("reason", ReasonNames[(int)reason]));

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
