namespace Pxe.Ipxe;

/// <summary>
/// Tells the dry run that commands fail: every command whose expanded text is <see cref="Command"/> or starts with it
/// followed by a space (<c>dhcp</c>), or, when the rule has arguments, starts with it (<c>chain http://10.0.0.1/</c>), fails, the first <see cref="Times"/> times.
/// </summary>
/// <param name="Command">The command name, optionally followed by the start of its arguments.</param>
/// <param name="Times">How many matching executions fail; <see cref="Always"/> for all of them.</param>
public sealed record IpxeFailureRule(string Command, int Times = IpxeFailureRule.Always)
{
    /// <summary>The value of <see cref="Times"/> for a rule that never wears off.</summary>
    public const int Always = int.MaxValue;

    /// <summary>Parses the command-line form <c>COMMAND</c> or <c>COMMAND*COUNT</c>.</summary>
    public static IpxeFailureRule Parse(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        int star = text.LastIndexOf('*');
        if (star > 0 && int.TryParse(text.AsSpan(star + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int times) && times > 0)
        {
            return new IpxeFailureRule(text[..star], times);
        }

        return new IpxeFailureRule(text);
    }

    internal bool Matches(string commandLine) =>
        commandLine.StartsWith(Command, StringComparison.Ordinal)
        && (commandLine.Length == Command.Length || commandLine[Command.Length] == ' ' || Command.Contains(' ', StringComparison.Ordinal));
}
