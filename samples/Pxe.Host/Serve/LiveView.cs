using System.Globalization;
using System.Text;

namespace Pxe.Host.Serve;

/// <summary>What the live view shows: the servers' addresses, every client and the latest log lines.</summary>
/// <param name="Servers">One short description per server (<c>http://10.0.0.1/status</c>, <c>tftp 10.0.0.1:69</c>).</param>
/// <param name="Clients">The tracker's snapshot, most recent first.</param>
/// <param name="RecentLog">The latest log lines, oldest first.</param>
/// <param name="Now">The time the elapsed column is measured to.</param>
internal sealed record LiveViewState(IReadOnlyList<string> Servers, IReadOnlyList<ClientSnapshot> Clients, IReadOnlyList<string> RecentLog, DateTimeOffset Now);

/// <summary>
/// Renders <c>pxe serve</c>'s live terminal view as plain lines, no escape sequences: a header with the servers and
/// totals, a table with one row per client (MAC, IP, architecture, phase, bytes, elapsed, latest event) and, in the
/// rows left over, the latest log lines. Every line fits <c>width</c> columns (a cut line ends in <c>…</c>) and
/// there are never more than <c>height</c> lines; clients that do not fit become a <c>+N more</c> row.
/// </summary>
internal static class LiveView
{
    /// <summary>The narrowest and shortest terminal drawn for; smaller sizes are treated as these.</summary>
    public const int MinWidth = 20;

    /// <summary>See <see cref="MinWidth"/>: header, column names and one row.</summary>
    public const int MinHeight = 3;

    /// <summary>The log lines shown at most, when there is room.</summary>
    public const int MaxLogLines = 8;

    // Fixed columns: MAC, IP, ARCH, PHASE, BYTES, ELAPSED; the event column takes the rest of the width.
    private const int MacWidth = 17;
    private const int IpWidth = 15;
    private const int ArchWidth = 6;
    private const int PhaseWidth = 7;
    private const int BytesWidth = 9;
    private const int ElapsedWidth = 7;

    /// <summary>The lines to draw, at most <paramref name="height"/>, each at most <paramref name="width"/> characters.</summary>
    public static IReadOnlyList<string> Render(LiveViewState state, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(state);
        width = Math.Max(width, MinWidth);
        height = Math.Max(height, MinHeight);
        var lines = new List<string>(height);
        lines.Add(Fit(Header(state), width));
        lines.Add(Fit(Row("MAC", "IP", "ARCH", "PHASE", "BYTES", "ELAPSED", "EVENT"), width));

        int room = height - lines.Count;
        IReadOnlyList<ClientSnapshot> clients = state.Clients;
        if (clients.Count == 0)
        {
            lines.Add(Fit("(no clients yet)", width));
        }
        else
        {
            int shown = clients.Count <= room ? clients.Count : room - 1;
            for (int i = 0; i < shown; i++)
            {
                lines.Add(Fit(ClientRow(clients[i], state.Now), width));
            }

            if (shown < clients.Count)
            {
                lines.Add(Fit(string.Create(CultureInfo.InvariantCulture, $"+{clients.Count - shown} more"), width));
            }
        }

        // The latest log lines under a rule, if at least the rule and one line fit.
        room = height - lines.Count;
        if (room >= 2 && state.RecentLog.Count > 0)
        {
            lines.Add(Fit(new string('─', width), width));
            int count = Math.Min(Math.Min(room - 1, MaxLogLines), state.RecentLog.Count);
            for (int i = state.RecentLog.Count - count; i < state.RecentLog.Count; i++)
            {
                lines.Add(Fit(state.RecentLog[i], width));
            }
        }

        return lines;
    }

    /// <summary>A byte count in binary units with one decimal: <c>512 B</c>, <c>1.5 KiB</c>, <c>300.0 MiB</c>.</summary>
    public static string FormatBytes(long bytes)
    {
        if (bytes < 1024)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{bytes} B");
        }

        string[] units = ["KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        int unit = -1;
        do
        {
            value /= 1024;
            unit++;
        }
        while (value >= 1024 && unit < units.Length - 1);

        return string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }

    /// <summary>Elapsed time, compact: <c>4.2s</c> under a minute, <c>3m07s</c> under an hour, then <c>2h05m</c>.</summary>
    public static string FormatElapsed(TimeSpan elapsed)
    {
        if (elapsed < TimeSpan.Zero)
        {
            elapsed = TimeSpan.Zero;
        }

        return elapsed.TotalSeconds < 60
            ? string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(elapsed.TotalSeconds * 10) / 10:0.0}s")
            : elapsed.TotalMinutes < 60
                ? string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalMinutes}m{elapsed.Seconds:00}s")
                : string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalHours}h{elapsed.Minutes:00}m");
    }

    private static string Header(LiveViewState state)
    {
        int booted = state.Clients.Count(c => c.Phase == nameof(BootPhase.Booted));
        long bytes = state.Clients.Sum(c => c.Bytes);
        string clients = state.Clients.Count == 1 ? "1 client" : string.Create(CultureInfo.InvariantCulture, $"{state.Clients.Count} clients");
        return string.Create(CultureInfo.InvariantCulture, $"pxe serve  {string.Join("  ", state.Servers)}  | {clients}, {booted} booted, {FormatBytes(bytes)}");
    }

    private static string ClientRow(ClientSnapshot c, DateTimeOffset now) =>
        Row(c.Mac ?? "-", c.Address ?? "-", c.Architecture ?? "-", c.Phase, FormatBytes(c.Bytes), FormatElapsed(now - c.FirstSeen), c.Detail ?? string.Empty);

    private static string Row(string mac, string ip, string arch, string phase, string bytes, string elapsed, string detail)
    {
        var b = new StringBuilder(128);
        b.Append(Cell(mac, MacWidth)).Append(' ')
            .Append(Cell(ip, IpWidth)).Append(' ')
            .Append(Cell(arch, ArchWidth)).Append(' ')
            .Append(Cell(phase, PhaseWidth)).Append(' ')
            .Append(Cell(bytes, BytesWidth, rightAlign: true)).Append(' ')
            .Append(Cell(elapsed, ElapsedWidth, rightAlign: true)).Append(' ')
            .Append(detail);
        return b.ToString().TrimEnd();
    }

    private static string Cell(string text, int width, bool rightAlign = false)
    {
        text = Fit(text, width);
        return rightAlign ? text.PadLeft(width) : text.PadRight(width);
    }

    /// <summary><paramref name="text"/> cut to <paramref name="width"/> characters, the last one <c>…</c> when cut.</summary>
    internal static string Fit(string text, int width) =>
        text.Length <= width ? text : string.Concat(text.AsSpan(0, width - 1), "…");
}
