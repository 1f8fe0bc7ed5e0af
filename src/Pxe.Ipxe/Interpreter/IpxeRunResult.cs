using System.Globalization;
using System.Text;

namespace Pxe.Ipxe;

/// <summary>What a dry run did: every executed command and how the run ended.</summary>
public sealed class IpxeRunResult
{
    internal IpxeRunResult(IpxeRunOutcome outcome, int exitStatus, IReadOnlyList<IpxeTraceEntry> trace, IReadOnlyDictionary<string, string> settings, string message, string output)
    {
        Output = output;
        Outcome = outcome;
        ExitStatus = exitStatus;
        Trace = trace;
        Settings = settings;
        Message = message;
    }

    /// <summary>How the run ended.</summary>
    public IpxeRunOutcome Outcome { get; }

    /// <summary>What <c>echo</c> printed, as it would appear on the console (<c>-n</c> continues the line).</summary>
    public string Output { get; }

    /// <summary>The status of <c>exit</c>, 0 for success outcomes, 1 for failures.</summary>
    public int ExitStatus { get; }

    /// <summary>The executed commands in order.</summary>
    public IReadOnlyList<IpxeTraceEntry> Trace { get; }

    /// <summary>The settings when the run ended, by <c>[scope/]name</c>.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>A one-line description of the end (<c>booted: chain http://…</c>, <c>exit 0</c>, <c>failed at line 7: dhcp</c>).</summary>
    public string Message { get; }

    /// <summary>Whether the outcome is a success (booted, completed, exit 0, reboot, power-off).</summary>
    public bool Succeeded => Outcome is IpxeRunOutcome.Booted or IpxeRunOutcome.Completed or IpxeRunOutcome.Rebooted or IpxeRunOutcome.PoweredOff
        || (Outcome == IpxeRunOutcome.Exited && ExitStatus == 0);

    /// <summary>One trace line per executed command, then <c>-- message</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (IpxeTraceEntry entry in Trace)
        {
            sb.Append(entry).Append('\n');
        }

        sb.Append(CultureInfo.InvariantCulture, $"-- {Message}\n");
        return sb.ToString();
    }
}
