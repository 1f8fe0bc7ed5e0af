using System.Net;
using System.Net.Sockets;
using Pxe.Host.Commands;
using Pxe.Host.Serve;

namespace Pxe.Host.Tests;

/// <summary>Clear errors for missing files, bad options, busy ports and missing privileges.</summary>
public sealed class ServeConfigurationTests
{
    [Fact]
    public void Missing_root_interface_and_mode_are_each_named()
    {
        (_, IReadOnlyList<string> errors) = ServeConfiguration.Build(new ServeArguments { Root = "/nonexistent/pxe-root", ServerIp = "10.0.0.1", Interface = "nosuchif0" });
        Assert.Contains(errors, e => e.Contains("--root: directory /nonexistent/pxe-root does not exist"));
        Assert.Contains(errors, e => e.Contains("no network interface called 'nosuchif0'"));
        Assert.Contains(errors, e => e.Contains("--range START-END") && e.Contains("--proxy"));
    }

    [Fact]
    public void Bad_server_ip_and_range_are_rejected()
    {
        string root = Directory.CreateTempSubdirectory("pxe-cfg-").FullName;
        try
        {
            (_, IReadOnlyList<string> errors) = ServeConfiguration.Build(new ServeArguments { Root = root, ServerIp = "not-an-ip", Interface = "lo", Range = "10.0.0.5" });
            Assert.Contains(errors, e => e.Contains("--server-ip"));
            Assert.Contains(errors, e => e.Contains("--range: expected START-END"));
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Fact]
    public void Missing_profile_kernel_and_boot_program_are_named()
    {
        string root = Directory.CreateTempSubdirectory("pxe-cfg-").FullName;
        try
        {
            (_, IReadOnlyList<string> errors) = ServeConfiguration.Build(new ServeArguments
            {
                Root = root,
                ServerIp = "10.0.0.1",
                Interface = "lo",
                Range = "10.0.0.10-10.0.0.20",
                BootFileBios = "nope.kpxe",
                Settings = ["Pxe:Serve:Profiles:0:Name=p", "Pxe:Serve:Profiles:0:Kernel=missing-vmlinuz"],
            });
            Assert.Contains(errors, e => e.Contains("boot program 'nope.kpxe'") && e.Contains("apt-get install ipxe"));
            Assert.Contains(errors, e => e.Contains("profile 'p': file missing-vmlinuz does not exist"));
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Fact]
    public void Json_config_is_read_and_the_command_line_overrides_it()
    {
        string root = Directory.CreateTempSubdirectory("pxe-cfg-").FullName;
        try
        {
            string json = Path.Combine(root, "serve.json");
            File.WriteAllText(json, """
                { "Pxe": { "Serve": { "ServerIp": "10.9.9.9", "HttpPort": 8080, "EnableDhcp": false,
                  "Profiles": [ { "Name": "a", "Macs": [ "52:54:00:00:00:01" ], "Kernel": "k" } ] } } }
                """);
            File.WriteAllText(Path.Combine(root, "k"), "kernel");
            (Microsoft.Extensions.Configuration.IConfiguration? config, IReadOnlyList<string> errors) =
                ServeConfiguration.Build(new ServeArguments { Root = root, ConfigFile = json, HttpPort = 8081 });
            Assert.Empty(errors);
            Assert.Equal("10.9.9.9", config!["Pxe:Serve:ServerIp"]);
            Assert.Equal("8081", config["Pxe:Serve:HttpPort"]);
            Assert.Equal("52:54:00:00:00:01", config["Pxe:Serve:Profiles:0:Macs:0"]);
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Fact]
    public void Broken_json_config_is_a_clear_error()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "{ not json");
            (_, IReadOnlyList<string> errors) = ServeConfiguration.Build(new ServeArguments { Root = "/tmp", ConfigFile = file });
            Assert.Contains(errors, e => e.StartsWith("--config:"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_busy_http_port_is_reported_with_exit_3()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        int port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        string root = Directory.CreateTempSubdirectory("pxe-busy-").FullName;
        var error = new StringWriter();
        TextWriter old = Console.Error;
        Console.SetError(error);
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            int code = await ServeCommand.RunAsync(new ServeArguments
            {
                Root = root,
                ServerIp = "127.0.0.1",
                HttpPort = port,
                Settings = ["Pxe:Serve:EnableDhcp=false", "Pxe:Serve:HttpListenAddress=127.0.0.1", "Pxe:Tftp:ListenAddress=127.0.0.1", "Pxe:Tftp:Port=0"],
            }, cts.Token);
            Assert.Equal(3, code);
            Assert.Contains("already in use", error.ToString());
        }
        finally
        {
            Console.SetError(old);
            Directory.Delete(root, true);
        }
    }

    [Fact]
    public void Socket_errors_are_described_with_the_remedy()
    {
        Assert.Contains("need root", ServeCommand.Describe(new SocketException((int)SocketError.AccessDenied)));
        Assert.Contains("already in use", ServeCommand.Describe(new InvalidOperationException("x", new SocketException((int)SocketError.AddressAlreadyInUse))));
        Assert.Null(ServeCommand.Describe(new InvalidOperationException("unrelated")));
    }
}
