using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pxe.Host.Decode;

namespace Pxe.Host.Commands;

/// <summary><c>pxe decode FILE.pcap [--json]</c>: DHCP, TFTP, portmap, MOUNT and NFS messages in a capture.</summary>
internal static class DecodeCommand
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "A pcap or pcapng capture (tcpdump -w, tshark -w)" };
        var json = new Option<bool>("--json") { Description = "One JSON array of messages instead of one line per message" };
        var command = new Command("decode", "Decode the DHCP, TFTP, portmap, MOUNT and NFS traffic of a boot capture.") { file, json };
        command.SetAction(async (parse, ct) =>
        {
            string path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                await Console.Error.WriteLineAsync($"pxe decode: {path} does not exist").ConfigureAwait(false);
                return 2;
            }

            List<DecodedMessage> messages;
            try
            {
                messages = [.. PcapDecoder.ReadFile(path)];
            }
            catch (Exception e) when (e is SharpPcap.PcapException or DllNotFoundException or IOException)
            {
                await Console.Error.WriteLineAsync($"pxe decode: cannot read {path}: {e.Message}{(e is DllNotFoundException ? " (install libpcap: apt-get install libpcap0.8)" : string.Empty)}").ConfigureAwait(false);
                return 2;
            }

            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(messages, Json)).ConfigureAwait(false);
            }
            else
            {
                foreach (DecodedMessage m in messages)
                {
                    await Console.Out.WriteLineAsync($"{m.Frame,6} {m.Time:HH:mm:ss.ffffff} {m.Source} → {m.Destination} {m.Summary}").ConfigureAwait(false);
                }
            }

            return 0;
        });
        return command;
    }
}
