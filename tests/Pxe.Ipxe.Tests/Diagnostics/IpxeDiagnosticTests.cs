using Pxe.Ipxe;

namespace Pxe.Ipxe.Tests.Diagnostics;

public sealed class IpxeDiagnosticTests
{
    private static IpxeDiagnostic Single(string body, string code)
    {
        IpxeScript script = IpxeParser.Parse("#!ipxe\n" + body);
        return Assert.Single(script.Diagnostics, d => d.Code == code);
    }

    [Theory]
    [InlineData("kernal http://x/vmlinuz\n", IpxeDiagnosticCodes.UnknownCommand, 2, 1, IpxeSeverity.Error)]
    [InlineData("chain --autofre http://x\n", IpxeDiagnosticCodes.UnknownOption, 2, 7, IpxeSeverity.Error)]
    [InlineData("chain -z http://x\n", IpxeDiagnosticCodes.UnknownOption, 2, 7, IpxeSeverity.Error)]
    [InlineData("prompt --timeout\n", IpxeDiagnosticCodes.OptionArgument, 2, 8, IpxeSeverity.Error)]
    [InlineData("imgtrust --allow=yes\n", IpxeDiagnosticCodes.OptionArgument, 2, 10, IpxeSeverity.Error)]
    [InlineData("goto a b\n:a\n", IpxeDiagnosticCodes.ArgumentCount, 2, 8, IpxeSeverity.Error)]
    [InlineData("iseq x\n", IpxeDiagnosticCodes.ArgumentCount, 2, 1, IpxeSeverity.Error)]
    [InlineData("goto nowhere\n", IpxeDiagnosticCodes.UndefinedLabel, 2, 6, IpxeSeverity.Error)]
    [InlineData(":a\n:a\n", IpxeDiagnosticCodes.DuplicateLabel, 3, 1, IpxeSeverity.Warning)]
    [InlineData("echo x${net0/mac\n", IpxeDiagnosticCodes.UnterminatedSetting, 2, 7, IpxeSeverity.Error)]
    [InlineData("|| echo x\n", IpxeDiagnosticCodes.DanglingOperator, 2, 1, IpxeSeverity.Error)]
    [InlineData("dhcp &&\n", IpxeDiagnosticCodes.TrailingAnd, 2, 6, IpxeSeverity.Warning)]
    [InlineData("choose --timeout 5s x\n", IpxeDiagnosticCodes.InvalidNumber, 2, 18, IpxeSeverity.Error)]
    [InlineData("prompt --timeout 5 Press\n", IpxeDiagnosticCodes.TimeoutLooksLikeSeconds, 2, 1, IpxeSeverity.Warning)]
    [InlineData("echo ${mac:hexhyphen}\n", IpxeDiagnosticCodes.UnknownSettingType, 2, 6, IpxeSeverity.Warning)]
    [InlineData(": echo\n", IpxeDiagnosticCodes.EmptyLabel, 2, 1, IpxeSeverity.Warning)]
    [InlineData("echo a \\", IpxeDiagnosticCodes.ContinuationAtEnd, 2, 8, IpxeSeverity.Error)]
    [InlineData("echo a\0b\n", IpxeDiagnosticCodes.NulCharacter, 2, 7, IpxeSeverity.Warning)]
    public void Each_problem_has_its_code_severity_and_position(string body, string code, int line, int column, IpxeSeverity severity)
    {
        IpxeDiagnostic diagnostic = Single(body, code);
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Equal((line, column), (diagnostic.Line, diagnostic.Column));
    }

    [Fact]
    public void Missing_header_is_an_error_at_the_start()
    {
        IpxeDiagnostic d = Assert.Single(IpxeParser.Parse("dhcp\n").Diagnostics);
        Assert.Equal("1:1: error IPXE001: missing '#!ipxe' header on the first line; iPXE will not run this as a script", d.ToString());
        Assert.Equal("f.ipxe:1:1: error IPXE001: missing '#!ipxe' header on the first line; iPXE will not run this as a script", d.ToString("f.ipxe"));
    }

    [Fact]
    public void Legacy_header_is_a_warning()
    {
        Assert.Equal(IpxeDiagnosticCodes.LegacyHeader, Assert.Single(IpxeParser.Parse("#!gpxe\ndhcp\n").Diagnostics).Code);
    }

    [Theory]
    [InlineData("echo --help\n")]
    [InlineData("chain -h\n")]
    [InlineData("kernel --name=k --timeout=0x1000 http://x/vmlinuz a b c\n")]
    [InlineData("chain -an boot http://x ||\n")]
    [InlineData("prompt --key 0x02 --timeout 2000 Press Ctrl-B && shell ||\n")]
    [InlineData("prompt --key b Press b\n")]
    [InlineData("${cmd} --whatever\n")]
    [InlineData("goto ${target}\n")]
    [InlineData("chain ${opts} http://x\n")]
    [InlineData("echo -- -n is printed\n")]
    [InlineData("kernel http://x/vmlinuz --not-an-option-after-the-uri\n")]
    [InlineData("set x\n")]
    [InlineData("dhcp ||\n")]
    [InlineData("echo ${}\n")]
    [InlineData("sanboot --no-describe --drive 0x80\n")]
    public void Valid_commands_have_no_diagnostics(string body)
    {
        IpxeScript script = IpxeParser.Parse("#!ipxe\n" + body);
        Assert.Empty(script.Diagnostics);
    }

    [Fact]
    public void Menu_items_without_labels_are_reported_when_the_choice_is_a_goto_target()
    {
        IpxeScript script = IpxeParser.Parse("#!ipxe\nmenu\nitem a A\nitem b B\nitem --gap x\nchoose t && goto ${t}\n:a\n");
        IpxeDiagnostic d = Assert.Single(script.Diagnostics);
        Assert.Equal(IpxeDiagnosticCodes.MenuItemWithoutLabel, d.Code);
        Assert.Equal((4, 6), (d.Line, d.Column));
    }

    [Fact]
    public void Diagnostics_are_ordered_by_position()
    {
        IpxeScript script = IpxeParser.Parse("bad\ngoto x\nfoo\n");
        Assert.Equal(["IPXE001", "IPXE002", "IPXE006", "IPXE002"], script.Diagnostics.Select(static d => d.Code));
    }
}
