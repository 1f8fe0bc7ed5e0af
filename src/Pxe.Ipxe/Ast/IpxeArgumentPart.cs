namespace Pxe.Ipxe;

/// <summary>A piece of an <see cref="IpxeArgument"/>: literal text or a <c>${…}</c> setting reference.</summary>
public abstract class IpxeArgumentPart
{
    private protected IpxeArgumentPart()
    {
    }

    /// <summary>The source text of this part (<c>${…}</c> included for references).</summary>
    public abstract string Text { get; }
}

/// <summary>Literal text inside an argument.</summary>
public sealed class IpxeLiteralPart : IpxeArgumentPart
{
    /// <summary>Creates a literal part.</summary>
    public IpxeLiteralPart(string text) => Text = text ?? string.Empty;

    /// <inheritdoc/>
    public override string Text { get; }

    /// <inheritdoc/>
    public override string ToString() => Text;
}

/// <summary>
/// A <c>${…}</c> reference. Its name may itself contain references (<c>${net${i}/mac}</c>); iPXE expands the
/// innermost first, after the line was split into arguments, so an expanded value never splits an argument.
/// </summary>
public sealed class IpxeSettingReference : IpxeArgumentPart
{
    /// <summary>Creates a reference whose name is made of <paramref name="nameParts"/>.</summary>
    public IpxeSettingReference(IReadOnlyList<IpxeArgumentPart> nameParts)
        : this(nameParts ?? [], string.Concat((nameParts ?? []).Select(static p => p.Text)))
    {
    }

    internal IpxeSettingReference(IReadOnlyList<IpxeArgumentPart> nameParts, string rawName)
    {
        NameParts = nameParts;
        RawName = rawName;
        if (NameParts.All(static p => p is IpxeLiteralPart))
        {
            IsStatic = true;
            if (IpxeSettingName.TryParse(RawName, out IpxeSettingName? parsed))
            {
                Name = parsed;
            }
        }
    }

    /// <summary>The parts of the name between <c>${</c> and <c>}</c>.</summary>
    public IReadOnlyList<IpxeArgumentPart> NameParts { get; }

    /// <summary>The name text between <c>${</c> and <c>}</c>.</summary>
    public string RawName { get; }

    /// <summary>Whether the name contains no nested reference.</summary>
    public bool IsStatic { get; }

    /// <summary>The parsed name when <see cref="IsStatic"/> and the type is known; otherwise <see langword="null"/>.</summary>
    public IpxeSettingName? Name { get; }

    /// <inheritdoc/>
    public override string Text => "${" + RawName + "}";

    /// <inheritdoc/>
    public override string ToString() => Text;
}
