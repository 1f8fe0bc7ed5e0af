using Pxe.Testing;

namespace Pxe.Host.Tests;

/// <summary>The status page rendered by a real browser (Debian's headless Chromium) lists a booting client.</summary>
public sealed class StatusPageChromiumTests
{
    [Fact]
    public async Task Headless_chromium_shows_the_booting_client_and_its_phase()
    {
        await using ServeFixture serve = await ServeFixture.StartAsync();
        // A client boots: it fetches its script and its kernel.
        PeerResult r = await PeerProcess.RunAsync("curl", ["-sS", "--max-time", "10", "-o", "/dev/null", $"{serve.HttpBase}/boot.ipxe"], TimeSpan.FromSeconds(20));
        Assert.True(r.ExitCode == 0, r.Output);
        r = await PeerProcess.RunAsync("curl", ["-sS", "--max-time", "10", "-o", "/dev/null", $"{serve.HttpBase}/profiles/test/kernel/vmlinuz-test"], TimeSpan.FromSeconds(20));
        Assert.True(r.ExitCode == 0, r.Output);

        string profile = Directory.CreateTempSubdirectory("pxe-chromium-").FullName;
        try
        {
            PeerResult dom = await PeerProcess.RunAsync("chromium",
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--user-data-dir=" + profile, "--dump-dom", $"{serve.HttpBase}/status",
            ], TimeSpan.FromSeconds(90));
            Assert.True(dom.ExitCode == 0, dom.Output);
            string html = dom.StandardOutput;
            Assert.Contains("<table id=\"clients\">", html);
            Assert.Contains("<tr class=\"client\"", html);
            Assert.Contains("data-phase=\"Kernel\"", html);
            Assert.Contains("<td>127.0.0.1</td>", html);
            Assert.Contains("1 client", html);
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
