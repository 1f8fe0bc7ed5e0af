using Pxe.Ipxe;

namespace Pxe.Ipxe.Tests.Syntax;

public sealed class IpxeParserTests
{
    [Fact]
    public void Commands_and_operators_make_a_chain_with_an_empty_command_after_a_trailing_or()
    {
        IpxeScript script = IpxeParser.Parse("#!ipxe\ndhcp && isset ${filename} || goto retry\nchain x ||\n");
        IpxeLine line = script.Lines[1];
        Assert.Equal(["dhcp", "isset", "goto"], line.Commands.Select(static c => c.Name));
        Assert.Equal([IpxeChainOperator.And, IpxeChainOperator.Or, IpxeChainOperator.None], line.Commands.Select(static c => c.Terminator));
        IpxeLine ignore = script.Lines[2];
        Assert.Equal(2, ignore.Commands.Count);
        Assert.True(ignore.Commands[1].IsEmpty);
    }

    [Fact]
    public void Settings_references_have_scope_name_and_type()
    {
        IpxeArgument argument = IpxeParser.Parse("#!ipxe\nchain ${net0/mac:hexhyp}.ipxe\n").Lines[1].Commands[0].Arguments[1];
        var reference = Assert.IsType<IpxeSettingReference>(argument.Parts[0]);
        Assert.Equal(new IpxeSettingName("net0", "mac", "hexhyp"), reference.Name);
        Assert.Equal(".ipxe", Assert.IsType<IpxeLiteralPart>(argument.Parts[1]).Text);
    }

    [Fact]
    public void Nested_references_are_split_innermost_first()
    {
        IpxeArgument argument = new("${net${i}/mac}");
        var outer = Assert.IsType<IpxeSettingReference>(Assert.Single(argument.Parts));
        Assert.False(outer.IsStatic);
        Assert.Equal("net${i}/mac", outer.RawName);
        Assert.Equal("i", Assert.IsType<IpxeSettingReference>(outer.NameParts[1]).RawName);
    }

    [Fact]
    public void Unterminated_reference_stays_literal_around_inner_references()
    {
        IpxeArgument argument = new("${a${b}");
        Assert.Equal([0], argument.UnterminatedReferences);
        Assert.Equal("${a", Assert.IsType<IpxeLiteralPart>(argument.Parts[0]).Text);
        Assert.Equal("b", Assert.IsType<IpxeSettingReference>(argument.Parts[1]).RawName);
    }

    [Fact]
    public void Hostile_nesting_does_not_overflow_the_stack()
    {
        string deep = string.Concat(Enumerable.Repeat("${", 200_000));
        IpxeScript script = IpxeParser.Parse("#!ipxe\necho " + deep + "\n");
        Assert.Equal(200_000, script.Diagnostics.Count(static d => d.Code == IpxeDiagnosticCodes.UnterminatedSetting));
    }

    [Fact]
    public void Spans_give_line_and_column_even_after_continuations()
    {
        IpxeScript script = IpxeParser.Parse("#!ipxe\nkernel a \\\n   b\n  :l  echo\n");
        IpxeCommand kernel = script.Lines[1].Commands[0];
        Assert.Equal(new IpxeSourceSpan(21, 1, 3, 4), kernel.Arguments[2].Span);
        Assert.Equal(4, script.Lines[2].Span.Line);
        Assert.Equal(3, script.Lines[2].Label!.Span.Column);
        Assert.Equal(7, script.Lines[2].Commands[0].Span.Column);
    }

    [Fact]
    public void Header_kinds()
    {
        Assert.Equal(IpxeHeaderKind.Ipxe, IpxeParser.Parse("#!ipxe\n").Header);
        Assert.Equal(IpxeHeaderKind.Ipxe, IpxeParser.Parse("#!ipxe chain\n").Header);
        Assert.Equal(IpxeHeaderKind.Gpxe, IpxeParser.Parse("#!gpxe\r\n").Header);
        Assert.Equal(IpxeHeaderKind.None, IpxeParser.Parse("#!ipxe").Header);
        Assert.Equal(IpxeHeaderKind.None, IpxeParser.Parse(" #!ipxe\n").Header);
        Assert.Equal(IpxeHeaderKind.None, IpxeParser.Parse("#!ipxex\n").Header);
    }

    [Fact]
    public void Setting_name_parsing_follows_parse_setting_name()
    {
        Assert.True(IpxeSettingName.TryParse("proxydhcp/next-server", out IpxeSettingName? a));
        Assert.Equal(new IpxeSettingName("proxydhcp", "next-server", null), a);
        Assert.True(IpxeSettingName.TryParse("175.19", out IpxeSettingName? b));
        Assert.Equal(new IpxeSettingName(null, "175.19", null), b);
        Assert.True(IpxeSettingName.TryParse("tries:int32", out IpxeSettingName? c));
        Assert.Equal("tries:int32", c.ToString());
        Assert.False(IpxeSettingName.TryParse("mac:hexhyphen", out _));
        Assert.True(IpxeSettingName.TryParse(string.Empty, out IpxeSettingName? empty));
        Assert.Equal(string.Empty, empty.Value.Name);
    }
}
