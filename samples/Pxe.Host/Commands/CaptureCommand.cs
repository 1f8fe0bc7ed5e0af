using System.CommandLine;
using System.Text.Json;
using Pxe.Host.Decode;
using SharpPcap;
using SharpPcap.LibPcap;

namespace Pxe.Host.Commands;

/// <summary><c>pxe capture --interface IF</c>: decodes boot traffic live, like tcpdump, until Ctrl+C.</summary>
internal static class CaptureCommand
{
    /// <summary>DHCP, proxyDHCP, TFTP (and its transfers on high ports), portmap and NFS; MOUNT's port is dynamic, so UDP and TCP above 600 stay in.</summary>
    public const string Filter = "udp or (tcp and (port 111 or port 2049 or portrange 600-65535))";

    public static Command Create()
    {
        var iface = new Option<string>("--interface") { Description = "Interface to capture on", Required = true };
        var json = new Option<bool>("--json") { Description = "One JSON object per line" };
        var write = new Option<string?>("--write") { Description = "Also save the raw packets to this pcap file" };
        var command = new Command("capture", "Capture and decode DHCP, TFTP, portmap, MOUNT and NFS traffic live (needs root).") { iface, json, write };
        command.SetAction(async (parse, ct) =>
        {
            string name = parse.GetValue(iface)!;
            LibPcapLiveDevice? device;
            try
            {
                device = LibPcapLiveDeviceList.Instance.FirstOrDefault(d => d.Name == name);
            }
            catch (Exception e) when (e is DllNotFoundException or PcapException)
            {
                await Console.Error.WriteLineAsync($"pxe capture: libpcap is not usable ({e.Message}); install it: apt-get install libpcap0.8").ConfigureAwait(false);
                return 2;
            }

            if (device is null)
            {
                await Console.Error.WriteLineAsync($"pxe capture: no capture device '{name}' (see `ip link`; capturing needs root or CAP_NET_RAW)").ConfigureAwait(false);
                return 2;
            }

            var decoder = new PcapDecoder();
            bool asJson = parse.GetValue(json);
            int frame = 0;
            CaptureFileWriterDevice? writer = null;
            device.OnPacketArrival += (_, capture) =>
            {
                RawCapture raw = capture.GetPacket();
                writer?.Write(raw);
                foreach (DecodedMessage m in decoder.Decode(Interlocked.Increment(ref frame), raw.Timeval.Date.ToUniversalTime(), raw.LinkLayerType, raw.Data))
                {
                    Console.Out.WriteLine(asJson ? JsonSerializer.Serialize(m, DecodeCommand.Json).ReplaceLineEndings(string.Empty) : $"{m.Time:HH:mm:ss.ffffff} {m.Source} → {m.Destination} {m.Summary}");
                }
            };
            try
            {
                device.Open(DeviceModes.Promiscuous, 100);
                device.Filter = Filter;
                if (parse.GetValue(write) is { } path)
                {
                    writer = new CaptureFileWriterDevice(path);
                    writer.Open(device);
                }

                device.StartCapture();
                await Console.Error.WriteLineAsync($"pxe capture: listening on {name} ({Filter}); Ctrl+C stops").ConfigureAwait(false);
                try
                {
                    await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }

                device.StopCapture();
            }
            catch (PcapException e)
            {
                await Console.Error.WriteLineAsync($"pxe capture: cannot capture on {name}: {e.Message} (capturing needs root or CAP_NET_RAW)").ConfigureAwait(false);
                return 3;
            }
            finally
            {
                device.Close();
                writer?.Close();
            }

            return 0;
        });
        return command;
    }
}
