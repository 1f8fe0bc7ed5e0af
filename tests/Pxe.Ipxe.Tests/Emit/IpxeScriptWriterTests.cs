using Pxe.Ipxe;

namespace Pxe.Ipxe.Tests.Emit;

public sealed class IpxeScriptWriterTests
{
    [Fact]
    public void Canonical_form_normalises_layout()
    {
        const string text = "#!ipxe   \r\n  :retry   dhcp||x   ||    goto  retry   # again  \r\n\r\n\tkernel a \\\r\n   b\r\n;\n";
        Assert.Equal("#!ipxe\n:retry dhcp||x || goto retry # again\n\nkernel a b\n;\n", IpxeParser.Parse(text).ToString());
    }

    [Fact]
    public void Canonical_form_protects_a_trailing_backslash()
    {
        IpxeScript script = IpxeParser.Parse("#!ipxe\necho a\\ \n# c\\ \nnext\n");
        string canonical = script.ToString();
        Assert.Equal("#!ipxe\necho a\\ \n# c\\ \nnext\n", canonical);
        Assert.Equal(4, IpxeParser.Parse(canonical).Lines.Count);
    }

    [Fact]
    public void A_line_continuing_past_the_end_stays_discarded()
    {
        IpxeScript script = IpxeParser.Parse("#!ipxe\necho a \\");
        string canonical = script.ToString();
        Assert.Equal("#!ipxe\necho a\\", canonical);
        Assert.True(IpxeParser.Parse(canonical).Lines[1].ContinuesPastEnd);
    }

    [Fact]
    public void Comments_can_be_dropped_but_the_header_stays()
    {
        IpxeScript script = IpxeParser.Parse("#!ipxe\n# note\ndhcp # why\n");
        Assert.Equal("#!ipxe\ndhcp\n", IpxeScriptWriter.Write(script, new IpxeFormattingOptions { KeepComments = false }));
    }

    [Fact]
    public void Lossless_mode_keeps_parsed_lines_byte_for_byte_and_writes_new_lines_canonically()
    {
        IpxeScript parsed = IpxeParser.Parse("#!ipxe\r\n  dhcp   # x\r\n");
        var edited = new IpxeScript([.. parsed.Lines, new IpxeLine(null, [new IpxeCommand("boot")])]);
        Assert.Equal("#!ipxe\r\n  dhcp   # x\r\nboot\n", IpxeScriptWriter.Write(edited, new IpxeFormattingOptions { Mode = IpxeEmitMode.Lossless }));
    }

    [Fact]
    public void Utf8_buffer_writer_output_matches_the_text()
    {
        IpxeScript script = IpxeParser.Parse("#!ipxe\necho héllo\n");
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        int written = IpxeScriptWriter.Write(script, buffer);
        Assert.Equal(written, buffer.WrittenCount);
        Assert.Equal("#!ipxe\necho héllo\n", System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Unrepresentable_nodes_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new IpxeArgument("two words"));
        Assert.Throws<ArgumentException>(() => new IpxeArgument("#comment"));
        Assert.Throws<ArgumentException>(() => new IpxeArgument("||"));
        Assert.Throws<ArgumentException>(() => new IpxeArgument(string.Empty));
        Assert.Throws<ArgumentException>(() => new IpxeLabel("a b"));
        Assert.Throws<ArgumentException>(() => new IpxeLine(null, [], "no hash"));
        var script = new IpxeScript([new IpxeLine(null, [new IpxeCommand(":x")])]);
        Assert.Throws<InvalidOperationException>(() => script.ToString());
    }
}
