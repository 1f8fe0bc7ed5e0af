using System.Globalization;
using System.Net;
using System.Text;

namespace Pxe.Host.Serve;

/// <summary>The HTML status page: every client, its phase, bytes and per-phase times; refreshes itself every 2 s.</summary>
internal static class StatusPage
{
    private static readonly BootPhase[] Phases = [BootPhase.Dhcp, BootPhase.Tftp, BootPhase.Script, BootPhase.Kernel, BootPhase.Initrd, BootPhase.Root, BootPhase.Booted];

    public static string Render(IReadOnlyList<ClientSnapshot> clients, DateTimeOffset now)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"2\">");
        h.Append("<title>pxe serve — clients</title><style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}");
        h.Append("td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}td.done{background:#cfc}td.now{background:#ffc}</style></head><body>\n");
        h.Append("<h1>pxe serve</h1>\n<p id=\"summary\">").Append(clients.Count.ToString(CultureInfo.InvariantCulture)).Append(clients.Count == 1 ? " client" : " clients");
        h.Append(" · ").Append(Enc(now.ToString("u", CultureInfo.InvariantCulture))).Append("</p>\n");
        h.Append("<table id=\"clients\"><thead><tr><th>MAC</th><th>Address</th><th>Arch</th><th>Phase</th>");
        foreach (BootPhase p in Phases)
        {
            h.Append("<th>").Append(p).Append("</th>");
        }

        h.Append("<th>Bytes</th><th>Last</th></tr></thead><tbody>\n");
        foreach (ClientSnapshot c in clients)
        {
            h.Append("<tr class=\"client\" data-mac=\"").Append(Enc(c.Mac ?? string.Empty)).Append("\" data-phase=\"").Append(Enc(c.Phase)).Append("\">");
            h.Append("<td>").Append(Enc(c.Mac ?? "?")).Append("</td><td>").Append(Enc(c.Address ?? "")).Append("</td><td>").Append(Enc(c.Architecture ?? "")).Append(c.IsIpxe ? " (iPXE)" : "").Append("</td>");
            h.Append("<td class=\"phase\">").Append(Enc(c.Phase)).Append("</td>");
            foreach (BootPhase p in Phases)
            {
                bool reached = c.PhaseSeconds.TryGetValue(p.ToString(), out double s);
                h.Append(reached ? (c.Phase == p.ToString() ? "<td class=\"now\">" : "<td class=\"done\">") : "<td>");
                h.Append(reached ? "+" + s.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "").Append("</td>");
            }

            h.Append("<td>").Append(c.Bytes.ToString("N0", CultureInfo.InvariantCulture)).Append("</td><td>").Append(Enc(c.Detail ?? "")).Append("</td></tr>\n");
        }

        h.Append("</tbody></table>\n<p><a href=\"/api/clients\">JSON</a> · <a href=\"/metrics\">metrics</a></p></body></html>\n");
        return h.ToString();
    }

    private static string Enc(string s) => WebUtility.HtmlEncode(s);
}
