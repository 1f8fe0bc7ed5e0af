using System.Text.Json;
using Pxe.Testing;

namespace Pxe.Host.Tests;

/// <summary>
/// <c>pxe decode --json</c> (the built command) against tshark's dissection of the project's captures: xid, message
/// type, client MAC and option codes for DHCP; opcode, file and block for TFTP; xid, program, version and
/// procedure for RPC (portmap, MOUNT, NFS).
/// </summary>
public sealed class DecodeAgreesWithTsharkTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static TheoryData<string> Captures()
    {
        var data = new TheoryData<string>();
        string root = RepositoryRoot();
        foreach (string project in new[] { "Pxe.Dhcp.Tests", "Pxe.Tftp.Tests", "Pxe.Nfs.Tests" })
        {
            string dir = Path.Combine(root, "tests", project, "TestData");
            if (Directory.Exists(dir))
            {
                foreach (string f in Directory.GetFiles(dir, "*.pcap").Order(StringComparer.Ordinal))
                {
                    data.Add(Path.GetRelativePath(root, f));
                }
            }
        }

        return data;
    }

    private static string RepositoryRoot() => Repository.Root;

    [Fact]
    public void There_are_captures_of_every_protocol()
    {
        var files = new List<string>();
        foreach (object[] row in (IEnumerable<object[]>)Captures())
        {
            files.Add((string)row[0]);
        }

        Assert.Contains(files, f => f.Contains("Pxe.Dhcp.Tests"));
        Assert.Contains(files, f => f.Contains("Pxe.Tftp.Tests"));
        Assert.Contains(files, f => f.Contains("Pxe.Nfs.Tests"));
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public async Task Decode_json_agrees_with_tshark(string capture)
    {
        string path = Path.Combine(RepositoryRoot(), capture);
        PeerResult ours = await PeerProcess.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "pxe.dll"), "decode", "--json", path], Limit);
        Assert.True(ours.ExitCode == 0, ours.Output);
        using JsonDocument json = JsonDocument.Parse(ours.StandardOutput);

        PeerResult shark = await PeerProcess.RunAsync("tshark", ["-r", path, "-T", "fields", "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=,",
            "-e", "frame.number", "-e", "dhcp.id", "-e", "dhcp.option.dhcp", "-e", "dhcp.hw.mac_addr", "-e", "dhcp.option.type",
            "-e", "tftp.opcode", "-e", "tftp.source_file", "-e", "tftp.destination_file", "-e", "tftp.block",
            "-e", "rpc.xid", "-e", "rpc.msgtyp", "-e", "rpc.program", "-e", "rpc.programversion", "-e", "rpc.procedure"], Limit);
        Assert.True(shark.ExitCode == 0, shark.Output);

        var theirs = new List<string>();
        foreach (string line in shark.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split('\t');
            string frame = f[0];
            if (f[1].Length > 0)
            {
                // dhcp.option.type lists every option including END (255) and PAD; ours skips PAD and stops at END.
                string options = string.Join(',', f[4].Split(',', StringSplitOptions.RemoveEmptyEntries).Where(o => o is not "0" and not "255"));
                // dhcp.hw.mac_addr also names the MAC inside option 61; the first is chaddr.
                theirs.Add($"dhcp {frame} {Convert.ToUInt32(f[1], 16):x8} {f[2]} {f[3].Split(',')[0]} [{options}]");
            }

            if (f[5].Length > 0)
            {
                string file = f[6].Length > 0 ? f[6] : f[7];
                theirs.Add($"tftp {frame} {f[5]} {file} {f[8]}");
            }

            if (f[9].Length > 0)
            {
                string[] xids = f[9].Split(','), types = f[10].Split(','), progs = f[11].Split(','), vers = f[12].Split(','), procs = f[13].Split(',');
                for (int i = 0; i < xids.Length; i++)
                {
                    theirs.Add($"rpc {Convert.ToUInt32(xids[i], 16):x8} {types.ElementAtOrDefault(i)} {progs.ElementAtOrDefault(i)} {vers.ElementAtOrDefault(i)} {procs.ElementAtOrDefault(i)}");
                }
            }
        }

        var mine = new List<string>();
        foreach (JsonElement m in json.RootElement.EnumerateArray())
        {
            int frame = m.GetProperty("frame").GetInt32();
            switch (m.GetProperty("protocol").GetString())
            {
                case "dhcp":
                    string options = string.Join(',', m.GetProperty("options").EnumerateArray().Select(o => o.GetInt32()));
                    mine.Add($"dhcp {frame} {m.GetProperty("xid").GetString()![2..]} {m.GetProperty("messageType").GetInt32()} {m.GetProperty("clientMac").GetString()} [{options}]");
                    break;
                case "tftp":
                    mine.Add($"tftp {frame} {m.GetProperty("opcode").GetInt32()} {(m.TryGetProperty("file", out JsonElement file) ? file.GetString() : "")} {(m.TryGetProperty("block", out JsonElement b) ? b.GetInt32().ToString() : "")}");
                    break;
                case "rpc":
                    mine.Add($"rpc {m.GetProperty("xid").GetString()![2..]} {(m.GetProperty("rpcDirection").GetString() == "call" ? 0 : 1)} {m.GetProperty("program").GetUInt32()} {m.GetProperty("version").GetUInt32()} {m.GetProperty("procedure").GetUInt32()}");
                    break;
            }
        }

        Assert.NotEmpty(theirs);
        theirs.Sort(StringComparer.Ordinal);
        mine.Sort(StringComparer.Ordinal);
        string[] missing = [.. theirs.Except(mine)];
        string[] extra = [.. mine.Except(theirs)];
        Assert.True(missing.Length == 0 && extra.Length == 0 && theirs.Count == mine.Count,
            $"{capture}: tshark {theirs.Count} messages, pxe decode {mine.Count}\nonly tshark:\n  {string.Join("\n  ", missing.Take(15))}\nonly pxe decode:\n  {string.Join("\n  ", extra.Take(15))}");
    }
}
