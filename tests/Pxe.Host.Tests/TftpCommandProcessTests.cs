using System.Text.RegularExpressions;
using Pxe.Testing;

namespace Pxe.Host.Tests;

/// <summary>
/// <c>pxe tftp</c> and <c>pxe tftp get</c> as users run them: the built host as a child process, driven by curl and
/// tftp-hpa's client (peers we did not write) and by our own <c>get</c>, stopped with SIGTERM.
/// </summary>
public sealed partial class TftpCommandProcessTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [GeneratedRegex(@"TFTP server listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();

    private static Task<PeerResult> PxeAsync(params string[] args) => PeerProcess.RunAsync("dotnet", [Repository.PxeHostDll, .. args], Limit);

    /// <summary>Starts <c>pxe tftp</c> on an ephemeral loopback port and returns it with the port it logged.</summary>
    private static async Task<(PeerProcess Server, int Port)> StartServerAsync(string root, params string[] extra)
    {
        PeerProcess server = PeerProcess.Start("dotnet", [Repository.PxeHostDll, "tftp", "--root", root, "--listen", "127.0.0.1:0", .. extra]);
        bool listening = await server.WaitForOutputAsync("TFTP server listening on", Limit);
        Match m = ListeningLine().Match(server.StandardOutputSoFar);
        if (!listening || !m.Success)
        {
            string output = server.StandardOutputSoFar + server.StandardErrorSoFar;
            await server.DisposeAsync();
            Assert.Fail("pxe tftp did not start:\n" + output);
        }

        return (server, int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static byte[] Pattern(int length)
    {
        var data = new byte[length];
        new Random(1468).NextBytes(data);
        return data;
    }

    [Fact]
    public async Task Serves_curl_tftp_hpa_and_pxe_get_then_stops_cleanly_on_sigterm()
    {
        DirectoryInfo dir = Directory.CreateTempSubdirectory("pxe-tftp-cmd-");
        try
        {
            string root = Directory.CreateDirectory(Path.Combine(dir.FullName, "root")).FullName;
            byte[] data = Pattern((3 * 1024 * 1024) + 17);
            await File.WriteAllBytesAsync(Path.Combine(root, "file.bin"), data);
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "secret"), "outside the root");
            (PeerProcess server, int port) = await StartServerAsync(root, "--max-block-size", "8192");
            await using (server)
            {
                string curlOut = Path.Combine(dir.FullName, "curl.bin");
                PeerResult curl = await PeerProcess.RunAsync("curl", ["-sS", "--max-time", "20", "--tftp-blksize", "1468", "-o", curlOut, $"tftp://127.0.0.1:{port}/file.bin"], Limit);
                Assert.True(curl.ExitCode == 0, curl.Output);
                Assert.Equal(data, await File.ReadAllBytesAsync(curlOut));

                string hpaOut = Path.Combine(dir.FullName, "hpa.bin");
                PeerResult hpa = await PeerProcess.RunAsync("tftp", ["127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-m", "binary", "-c", "get", "file.bin", hpaOut], Limit);
                Assert.True(hpa.ExitCode == 0, hpa.Output);
                Assert.Equal(data, await File.ReadAllBytesAsync(hpaOut));

                // Our client asks for more than the server grants: the OACK carries the server's maximum.
                string getOut = Path.Combine(dir.FullName, "get.bin");
                PeerResult get = await PxeAsync("tftp", "get", $"tftp://127.0.0.1:{port}/file.bin", "-o", getOut, "--blksize", "65464", "--windowsize", "8");
                Assert.True(get.ExitCode == 0, get.Output);
                Assert.Contains($"{data.Length} bytes, blksize 8192, windowsize 8", get.StandardOutput, StringComparison.Ordinal);
                Assert.Equal(data, await File.ReadAllBytesAsync(getOut));

                // The root is a jail, and the failed get leaves no file behind (it writes OUT.part and renames).
                string escapeOut = Path.Combine(dir.FullName, "escape.bin");
                PeerResult escape = await PxeAsync("tftp", "get", $"tftp://127.0.0.1:{port}/..%2Fsecret", "-o", escapeOut);
                Assert.True(escape.ExitCode == 1, escape.Output);
                Assert.Contains("pxe tftp get:", escape.StandardError, StringComparison.Ordinal);
                Assert.False(File.Exists(escapeOut));
                Assert.False(File.Exists(escapeOut + ".part"));

                // Writes are off unless --allow-write.
                string upload = Path.Combine(dir.FullName, "upload.bin");
                await File.WriteAllBytesAsync(upload, Pattern(1000));
                PeerResult put = await PeerProcess.RunAsync("curl", ["-sS", "--max-time", "20", "-T", upload, $"tftp://127.0.0.1:{port}/upload.bin"], Limit);
                Assert.NotEqual(0, put.ExitCode);
                Assert.False(File.Exists(Path.Combine(root, "upload.bin")));

                PeerResult stopped = await server.StopAsync(TimeSpan.FromSeconds(10));
                Assert.False(stopped.TimedOut, "pxe tftp did not stop within 10 s of SIGTERM\n" + stopped.Output);
                Assert.True(stopped.ExitCode == 0, stopped.Output);
                Assert.Contains($"Sent 'file.bin' to 127.0.0.1:", stopped.StandardOutput, StringComparison.Ordinal);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Allow_write_accepts_an_upload_from_curl()
    {
        DirectoryInfo dir = Directory.CreateTempSubdirectory("pxe-tftp-wrq-");
        try
        {
            string root = Directory.CreateDirectory(Path.Combine(dir.FullName, "root")).FullName;
            byte[] data = Pattern(200_000);
            string upload = Path.Combine(dir.FullName, "upload.bin");
            await File.WriteAllBytesAsync(upload, data);
            (PeerProcess server, int port) = await StartServerAsync(root, "--allow-write");
            await using (server)
            {
                PeerResult put = await PeerProcess.RunAsync("curl", ["-sS", "--max-time", "20", "-T", upload, $"tftp://127.0.0.1:{port}/uploaded.bin"], Limit);
                Assert.True(put.ExitCode == 0, put.Output);

                // The server renames the temporary file once the last block is in; give it the dally time.
                string written = Path.Combine(root, "uploaded.bin");
                for (int i = 0; i < 100 && !File.Exists(written); i++)
                {
                    await Task.Delay(50);
                }

                Assert.Equal(data, await File.ReadAllBytesAsync(written));
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Bad_arguments_and_a_busy_port_give_clear_errors_and_exit_codes()
    {
        DirectoryInfo dir = Directory.CreateTempSubdirectory("pxe-tftp-args-");
        try
        {
            PeerResult noRoot = await PxeAsync("tftp", "--listen", "127.0.0.1:0");
            Assert.Equal(2, noRoot.ExitCode);
            Assert.Contains("--root DIR is required", noRoot.StandardError, StringComparison.Ordinal);

            PeerResult missing = await PxeAsync("tftp", "--root", Path.Combine(dir.FullName, "nope"), "--listen", "127.0.0.1:0");
            Assert.Equal(2, missing.ExitCode);
            Assert.Contains("does not exist", missing.StandardError, StringComparison.Ordinal);

            PeerResult badListen = await PxeAsync("tftp", "--root", dir.FullName, "--listen", "localhost");
            Assert.Equal(2, badListen.ExitCode);
            Assert.Contains("expected ADDR:PORT", badListen.StandardError, StringComparison.Ordinal);

            using var holder = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
            holder.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
            int busy = ((System.Net.IPEndPoint)holder.LocalEndPoint!).Port;
            PeerResult taken = await PxeAsync("tftp", "--root", dir.FullName, "--listen", $"127.0.0.1:{busy}");
            Assert.False(taken.TimedOut, taken.Output);
            Assert.Equal(1, taken.ExitCode);
            Assert.Contains($"cannot listen on 127.0.0.1:{busy}", taken.StandardError, StringComparison.Ordinal);

            PeerResult badUrl = await PxeAsync("tftp", "get", "http://127.0.0.1/file", "-o", Path.Combine(dir.FullName, "x"));
            Assert.Equal(2, badUrl.ExitCode);
            Assert.Contains("expected tftp://HOST[:PORT]/FILE", badUrl.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
