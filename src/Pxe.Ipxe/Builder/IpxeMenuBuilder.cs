namespace Pxe.Ipxe;

/// <summary>Collects the items of a menu for <see cref="IpxeScriptBuilder.Menu"/>.</summary>
public sealed class IpxeMenuBuilder
{
    internal List<IpxeCommand> Items { get; } = [];

    internal List<string> Names { get; } = [];

    /// <summary>Adds an item; choosing it stores <paramref name="name"/> and jumps to the label of that name.</summary>
    /// <param name="name">The item name, which must also be a label in the script.</param>
    /// <param name="text">The text shown.</param>
    /// <param name="key">A shortcut key (one character), or <see langword="null"/>.</param>
    /// <param name="isDefault">Whether the item is preselected.</param>
    public IpxeMenuBuilder Item(string name, string text, char? key = null, bool isDefault = false)
    {
        var words = new List<string> { "item" };
        if (key is { } k)
        {
            words.Add("--key");
            words.Add(k.ToString());
        }

        if (isDefault)
        {
            words.Add("--default");
        }

        words.Add(name);
        words.AddRange(IpxeScriptBuilder.SplitText(text));
        Items.Add(new IpxeCommand(words[0], [.. words.Skip(1)]));
        Names.Add(name);
        return this;
    }

    /// <summary>Adds a separator, with an optional heading.</summary>
    public IpxeMenuBuilder Gap(string? text = null)
    {
        string[] words = IpxeScriptBuilder.SplitText(text ?? string.Empty);
        string[] arguments = words.Length > 0 && words[0].StartsWith('-') ? ["--gap", "--", .. words] : ["--gap", .. words];
        Items.Add(new IpxeCommand("item", arguments));
        return this;
    }
}
