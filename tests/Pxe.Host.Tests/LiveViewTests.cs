using Pxe.Host.Serve;

namespace Pxe.Host.Tests;

/// <summary><c>pxe serve</c>'s live view as exact text: layout, truncation to the width, "+N more", log lines, frames.</summary>
public sealed class LiveViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] Servers = ["http://10.0.0.1:80/status", "tftp 10.0.0.1:69"];

    private const string ColumnNames = "MAC               IP              ARCH   PHASE       BYTES ELAPSED EVENT";

    private static ClientSnapshot Client(string? mac, string? ip, string? arch, BootPhase phase, long bytes, double secondsAgo, string? detail) =>
        new(mac, ip, arch, false, phase.ToString(), detail, bytes, Now.AddSeconds(-secondsAgo), Now, new Dictionary<string, double>());

    private static LiveViewState State(IReadOnlyList<ClientSnapshot> clients, params string[] log) => new(Servers, clients, log, Now);

    [Fact]
    public void No_clients_shows_the_header_the_column_names_and_a_placeholder()
    {
        Assert.Equal(
        [
            "pxe serve  http://10.0.0.1:80/status  tftp 10.0.0.1:69  | 0 clients, 0 booted, 0 B",
            ColumnNames,
            "(no clients yet)",
        ], LiveView.Render(State([]), 120, 30));
    }

    [Fact]
    public void Each_client_is_one_row_with_mac_ip_architecture_phase_bytes_elapsed_and_event()
    {
        IReadOnlyList<string> lines = LiveView.Render(State(
        [
            Client("52:54:00:12:34:56", "10.0.0.101", "efi64", BootPhase.Kernel, 1_572_864, 12.34, "HTTP /profiles/x/kernel/vmlinuz"),
            Client("52:54:00:00:00:02", "10.0.0.102", "bios", BootPhase.Booted, 734_003_200, 187, "reported booted"),
            Client(null, "10.0.0.103", null, BootPhase.Tftp, 512, 0.05, null),
        ]), 120, 30);
        Assert.Equal(
        [
            "pxe serve  http://10.0.0.1:80/status  tftp 10.0.0.1:69  | 3 clients, 1 booted, 701.5 MiB",
            ColumnNames,
            "52:54:00:12:34:56 10.0.0.101      efi64  Kernel    1.5 MiB   12.3s HTTP /profiles/x/kernel/vmlinuz",
            "52:54:00:00:00:02 10.0.0.102      bios   Booted  700.0 MiB   3m07s reported booted",
            "-                 10.0.0.103      -      Tftp        512 B    0.0s",
        ], lines);
    }

    [Fact]
    public void Every_line_is_cut_to_the_width_with_an_ellipsis()
    {
        IReadOnlyList<string> lines = LiveView.Render(State(
        [
            Client("52:54:00:12:34:56", "10.0.0.101", "efi64", BootPhase.Initrd, 2048, 5, "HTTP /profiles/x/initrd/0/initrd.img"),
        ], "12:00:00 info: a log line much longer than forty columns"), 40, 10);
        Assert.Equal(
        [
            "pxe serve  http://10.0.0.1:80/status  t…",
            "MAC               IP              ARCH …",
            "52:54:00:12:34:56 10.0.0.101      efi64…",
            new string('─', 40),
            "12:00:00 info: a log line much longer t…",
        ], lines);
        Assert.All(lines, l => Assert.True(l.Length <= 40, l));
    }

    [Fact]
    public void Clients_beyond_the_height_become_a_more_row()
    {
        ClientSnapshot[] clients = [.. Enumerable.Range(1, 10).Select(i => Client($"52:54:00:00:00:{i:x2}", $"10.0.0.{100 + i}", "bios", BootPhase.Dhcp, 0, i, "DHCPDISCOVER"))];
        IReadOnlyList<string> lines = LiveView.Render(State(clients, "12:00:00 info: not shown: no room"), 120, 6);
        Assert.Equal(6, lines.Count);
        Assert.StartsWith("52:54:00:00:00:01 10.0.0.101", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("52:54:00:00:00:03 10.0.0.103", lines[4], StringComparison.Ordinal);
        Assert.Equal("+7 more", lines[5]);

        // The smallest screen: header, column names and the count alone.
        Assert.Equal(["pxe serve  http://10.0.0.1:80/status  tftp 10.0.0.1:69  | 10 clients, 0 booted, 0 B", ColumnNames, "+10 more"], LiveView.Render(State(clients), 120, 1));
    }

    [Fact]
    public void The_latest_log_lines_fill_the_rows_left_under_a_rule()
    {
        string[] log = [.. Enumerable.Range(1, 12).Select(i => $"12:00:{i:00} info: line {i}")];
        IReadOnlyList<string> lines = LiveView.Render(State([Client("52:54:00:12:34:56", "10.0.0.101", "efi64", BootPhase.Dhcp, 0, 1, "DHCPDISCOVER")], log), 30, 7);
        Assert.Equal(
        [
            "pxe serve  http://10.0.0.1:80…",
            "MAC               IP         …",
            "52:54:00:12:34:56 10.0.0.101 …",
            new string('─', 30),
            "12:00:10 info: line 10",
            "12:00:11 info: line 11",
            "12:00:12 info: line 12",
        ], lines);

        // Never more than MaxLogLines, however tall the terminal.
        Assert.Equal(3 + 1 + LiveView.MaxLogLines, LiveView.Render(State([Client("m", "i", "a", BootPhase.Dhcp, 0, 1, "d")], log), 120, 100).Count);
    }

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1024, "1.0 KiB")]
    [InlineData(300_000, "293.0 KiB")]
    [InlineData(1_572_864, "1.5 MiB")]
    [InlineData(5_368_709_120, "5.0 GiB")]
    public void Bytes_are_shown_in_binary_units(long bytes, string expected) => Assert.Equal(expected, LiveView.FormatBytes(bytes));

    [Theory]
    [InlineData(0, "0.0s")]
    [InlineData(59.99, "59.9s")]
    [InlineData(60, "1m00s")]
    [InlineData(3599, "59m59s")]
    [InlineData(7500, "2h05m")]
    [InlineData(-3, "0.0s")]
    public void Elapsed_time_is_compact(double seconds, string expected) => Assert.Equal(expected, LiveView.FormatElapsed(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void A_frame_goes_home_clears_each_line_to_its_end_and_the_rest_of_the_screen()
    {
        Assert.Equal("\u001b[Hone\u001b[K\r\ntwo\u001b[K\u001b[J", LiveConsole.Frame(["one", "two"]));
    }
}
