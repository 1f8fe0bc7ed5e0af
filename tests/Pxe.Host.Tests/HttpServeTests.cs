using System.Text.Json;
using Pxe.Testing;

namespace Pxe.Host.Tests;

/// <summary>The HTTP side of <c>pxe serve</c> driven by curl (a peer we did not write).</summary>
public sealed class HttpServeTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    private static async Task<(PeerResult Result, byte[] Body, string Headers)> CurlAsync(params string[] args)
    {
        string dir = Directory.CreateTempSubdirectory("pxe-curl-").FullName;
        try
        {
            string body = Path.Combine(dir, "body");
            string headers = Path.Combine(dir, "headers");
            PeerResult r = await PeerProcess.RunAsync("curl", ["-sS", "--max-time", "15", "-o", body, "-D", headers, .. args], Limit);
            return (r, File.Exists(body) ? await File.ReadAllBytesAsync(body) : [], File.Exists(headers) ? await File.ReadAllTextAsync(headers) : string.Empty);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string? Header(string headers, string name) =>
        headers.Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase)).Select(p => p[1].Trim()).LastOrDefault();

    [Theory]
    [InlineData(0, 0)]
    [InlineData(100, 199)]
    [InlineData(65_530, 200_000)]
    [InlineData(1_048_000, 1_048_575)]
    public async Task Curl_range_request_gets_206_with_exact_bytes_and_content_length(long first, long last)
    {
        await using ServeFixture serve = await ServeFixture.StartAsync();
        (PeerResult r, byte[] body, string headers) = await CurlAsync("-r", $"{first}-{last}", $"{serve.HttpBase}/{ServeFixture.DataFile}");
        Assert.True(r.ExitCode == 0, r.Output);
        Assert.StartsWith("HTTP/1.1 206", headers);
        Assert.Equal((last - first + 1).ToString(), Header(headers, "Content-Length"));
        Assert.Equal($"bytes {first}-{last}/{ServeFixture.DataLength}", Header(headers, "Content-Range"));
        Assert.Equal(last - first + 1, body.Length);
        for (int i = 0; i < body.Length; i++)
        {
            Assert.Equal(ServeFixture.DataByte(first + i), body[i]);
        }
    }

    [Fact]
    public async Task Curl_resumes_a_partial_download_with_continue_at()
    {
        await using ServeFixture serve = await ServeFixture.StartAsync();
        string dir = Directory.CreateTempSubdirectory("pxe-resume-").FullName;
        try
        {
            string file = Path.Combine(dir, "part");
            byte[] all = await File.ReadAllBytesAsync(Path.Combine(serve.Root, ServeFixture.DataFile));
            await File.WriteAllBytesAsync(file, all.AsSpan(0, 123_457).ToArray());
            PeerResult r = await PeerProcess.RunAsync("curl", ["-sS", "--max-time", "15", "-C", "-", "-o", file, $"{serve.HttpBase}/{ServeFixture.DataFile}"], Limit);
            Assert.True(r.ExitCode == 0, r.Output);
            Assert.Equal(all, await File.ReadAllBytesAsync(file));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Full_get_and_head_carry_content_length()
    {
        await using ServeFixture serve = await ServeFixture.StartAsync();
        (PeerResult r, byte[] body, string headers) = await CurlAsync($"{serve.HttpBase}/{ServeFixture.DataFile}");
        Assert.True(r.ExitCode == 0, r.Output);
        Assert.StartsWith("HTTP/1.1 200", headers);
        Assert.Equal(ServeFixture.DataLength.ToString(), Header(headers, "Content-Length"));
        Assert.Equal("bytes", Header(headers, "Accept-Ranges"));
        Assert.Equal(ServeFixture.DataLength, body.Length);
        Assert.Null(Header(headers, "Transfer-Encoding"));

        (r, _, headers) = await CurlAsync("-I", $"{serve.HttpBase}/{ServeFixture.DataFile}");
        Assert.True(r.ExitCode == 0, r.Output);
        Assert.Equal(ServeFixture.DataLength.ToString(), Header(headers, "Content-Length"));
    }

    [Theory]
    [InlineData("/../../etc/passwd")]
    [InlineData("/%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("/..%2f..%2fetc%2fpasswd")]
    [InlineData("/nope.bin")]
    public async Task Paths_outside_the_root_or_missing_are_404(string path)
    {
        await using ServeFixture serve = await ServeFixture.StartAsync();
        (PeerResult r, byte[] body, string headers) = await CurlAsync("--path-as-is", serve.HttpBase + path);
        Assert.True(r.ExitCode == 0, r.Output);
        Assert.StartsWith("HTTP/1.1 404", headers);
        Assert.DoesNotContain("root:", System.Text.Encoding.UTF8.GetString(body));
    }

    [Fact]
    public async Task Generated_script_boots_the_profile_and_its_kernel_and_initrd_are_served_with_ranges()
    {
        await using ServeFixture serve = await ServeFixture.StartAsync();
        (PeerResult r, byte[] body, string headers) = await CurlAsync($"{serve.HttpBase}/boot.ipxe");
        Assert.True(r.ExitCode == 0, r.Output);
        string script = System.Text.Encoding.UTF8.GetString(body);
        Assert.StartsWith("#!ipxe", script);
        Assert.Equal(body.Length.ToString(), Header(headers, "Content-Length"));
        string kernelUrl = $"{serve.HttpBase}/profiles/test/kernel/vmlinuz-test";
        string initrdUrl = $"{serve.HttpBase}/profiles/test/initrd/0/initrd-test.img";
        Assert.Contains($"kernel {kernelUrl} initrd=initrd-test.img ip=dhcp pxe_nfs_srv=127.0.0.1:/srv/root BOOTIF=01-${{net0/mac:hexhyp}} console=ttyS0", script);
        Assert.Contains($"initrd {initrdUrl}", script);
        Assert.Contains("boot", script);

        // The script parses cleanly with Pxe.Ipxe.
        var parsed = Pxe.Ipxe.IpxeParser.Parse(script);
        Assert.DoesNotContain(parsed.Diagnostics, d => d.Severity == Pxe.Ipxe.IpxeSeverity.Error);

        (r, body, headers) = await CurlAsync(kernelUrl);
        Assert.True(r.ExitCode == 0, r.Output);
        Assert.Equal(300_000, body.Length);
        Assert.Equal("300000", Header(headers, "Content-Length"));
        (r, body, headers) = await CurlAsync("-r", "10-19", initrdUrl);
        Assert.StartsWith("HTTP/1.1 206", headers);
        Assert.Equal("iiiiiiiiii", System.Text.Encoding.ASCII.GetString(body));

        // The client (loopback) went script → kernel → initrd.
        (r, body, _) = await CurlAsync($"{serve.HttpBase}/api/clients");
        using JsonDocument json = JsonDocument.Parse(body);
        JsonElement client = json.RootElement.GetProperty("clients").EnumerateArray().Single(c => c.GetProperty("address").GetString() == "127.0.0.1");
        Assert.Equal("Initrd", client.GetProperty("phase").GetString());
        JsonElement phases = client.GetProperty("phaseSeconds");
        Assert.True(phases.TryGetProperty("Script", out _));
        Assert.True(phases.TryGetProperty("Kernel", out _));
        Assert.True(phases.TryGetProperty("Initrd", out _));
        Assert.True(client.GetProperty("bytes").GetInt64() >= 300_000 + 10 + body.Length * 0, "bytes counted");
    }

    [Fact]
    public async Task Unknown_profile_files_are_404()
    {
        await using ServeFixture serve = await ServeFixture.StartAsync();
        (PeerResult r, _, string headers) = await CurlAsync($"{serve.HttpBase}/profiles/nope/kernel/x");
        Assert.True(r.ExitCode == 0, r.Output);
        Assert.StartsWith("HTTP/1.1 404", headers);
        (r, _, headers) = await CurlAsync($"{serve.HttpBase}/profiles/test/initrd/7/x");
        Assert.StartsWith("HTTP/1.1 404", headers);
    }

    [Fact]
    public async Task Tftp_fetch_with_tftp_hpa_shows_in_metrics_and_json()
    {
        await using ServeFixture serve = await ServeFixture.StartAsync();
        string dir = Directory.CreateTempSubdirectory("pxe-tftp-").FullName;
        try
        {
            // undionly.kpxe is not in the root: it comes from Debian's ipxe package (/usr/lib/ipxe).
            string local = Path.Combine(dir, "undionly.kpxe");
            PeerResult r = await PeerProcess.RunAsync("tftp", ["127.0.0.1", serve.TftpPort.ToString(), "-m", "binary", "-c", "get", "undionly.kpxe", local], Limit);
            Assert.True(r.ExitCode == 0 && File.Exists(local), r.Output);
            Assert.Equal(await File.ReadAllBytesAsync("/usr/lib/ipxe/undionly.kpxe"), await File.ReadAllBytesAsync(local));

            // ipxe.efi is a symbolic link out of /usr/lib/ipxe on Debian (→ /boot/ipxe.efi): still served.
            string efi = Path.Combine(dir, "ipxe.efi");
            r = await PeerProcess.RunAsync("tftp", ["127.0.0.1", serve.TftpPort.ToString(), "-m", "binary", "-c", "get", "ipxe.efi", efi], Limit);
            Assert.True(r.ExitCode == 0 && File.Exists(efi), r.Output);
            Assert.Equal(await File.ReadAllBytesAsync("/usr/lib/ipxe/ipxe.efi"), await File.ReadAllBytesAsync(efi));

            // The generated script over TFTP (the TFTP variant of the iPXE step).
            string script = Path.Combine(dir, "boot.ipxe");
            r = await PeerProcess.RunAsync("tftp", ["127.0.0.1", serve.TftpPort.ToString(), "-m", "binary", "-c", "get", "boot.ipxe", script], Limit);
            Assert.True(r.ExitCode == 0, r.Output);
            Assert.StartsWith("#!ipxe", await File.ReadAllTextAsync(script));

            // A missing file is a TFTP error, not a crash.
            r = await PeerProcess.RunAsync("tftp", ["127.0.0.1", serve.TftpPort.ToString(), "-m", "binary", "-c", "get", "missing.bin", Path.Combine(dir, "m")], Limit);
            Assert.Contains("not found", r.StandardOutput + r.StandardError, StringComparison.OrdinalIgnoreCase);

            long size = new FileInfo(local).Length;
            PeerResult m = await PeerProcess.RunAsync("curl", ["-sS", "--max-time", "10", $"{serve.HttpBase}/metrics"], Limit);
            Assert.True(m.ExitCode == 0, m.Output);
            string metrics = m.StandardOutput;
            Assert.Contains("# TYPE pxe_tftp_bytes_total counter", metrics);
            double tftpBytes = Sample(metrics, "pxe_tftp_bytes_total");
            Assert.True(tftpBytes >= size, $"pxe_tftp_bytes_total {tftpBytes} < {size}\n{metrics}");
            Assert.Contains("# TYPE pxe_http_requests_total counter", metrics);

            PeerResult j = await PeerProcess.RunAsync("curl", ["-sS", "--max-time", "10", $"{serve.HttpBase}/api/clients"], Limit);
            using JsonDocument json = JsonDocument.Parse(j.StandardOutput);
            JsonElement client = json.RootElement.GetProperty("clients").EnumerateArray().Single(c => c.GetProperty("address").GetString() == "127.0.0.1");
            Assert.Equal("Script", client.GetProperty("phase").GetString());
            Assert.True(client.GetProperty("phaseSeconds").TryGetProperty("Tftp", out _));
            Assert.True(client.GetProperty("bytes").GetInt64() >= size);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Sum of every sample of <paramref name="name"/> (all label sets).</summary>
    internal static double Sample(string metrics, string name)
    {
        double sum = 0;
        bool found = false;
        foreach (string line in metrics.Split('\n'))
        {
            if (line.StartsWith(name + " ", StringComparison.Ordinal) || line.StartsWith(name + "{", StringComparison.Ordinal))
            {
                sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                found = true;
            }
        }

        Assert.True(found, $"no sample {name} in\n{metrics}");
        return sum;
    }

    [Fact]
    public async Task Status_page_is_html_that_refreshes_and_lists_clients()
    {
        await using ServeFixture serve = await ServeFixture.StartAsync();
        await CurlAsync($"{serve.HttpBase}/boot.ipxe");
        (PeerResult r, byte[] body, string headers) = await CurlAsync($"{serve.HttpBase}/status");
        Assert.True(r.ExitCode == 0, r.Output);
        Assert.StartsWith("text/html", Header(headers, "Content-Type"));
        string html = System.Text.Encoding.UTF8.GetString(body);
        Assert.Contains("<meta http-equiv=\"refresh\"", html);
        Assert.Contains("data-phase=\"Script\"", html);
        Assert.Contains("127.0.0.1", html);
    }
}
