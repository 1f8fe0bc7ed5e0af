using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pxe.Host.Serve;
using Pxe.Tftp;

namespace Pxe.Host.Tests;

/// <summary>
/// <c>pxe serve</c>'s host in this process on loopback only: HTTP and TFTP on free ports, no DHCP (port 67 and an
/// interface are the namespace tests' business), a temporary root with a kernel, an initrd and a data file.
/// </summary>
internal sealed class ServeFixture : IAsyncDisposable
{
    private ServeFixture(WebApplication app, string root)
    {
        App = app;
        Root = root;
        HttpBase = app.Urls.First().TrimEnd('/');
        TftpPort = app.Services.GetRequiredService<TftpServer>().LocalEndPoint!.Port;
    }

    public WebApplication App { get; }

    public string Root { get; }

    public string HttpBase { get; }

    public int TftpPort { get; }

    /// <summary>A 1 MiB file whose byte i is (i * 7 + i / 256) mod 256, so any range is checkable.</summary>
    public const string DataFile = "data.bin";

    public const int DataLength = 1 << 20;

    public static byte DataByte(long i) => (byte)((i * 7) + (i / 256));

    public static async Task<ServeFixture> StartAsync(params string[] extraSettings)
    {
        string root = Directory.CreateTempSubdirectory("pxe-host-tests-").FullName;
        var data = new byte[DataLength];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = DataByte(i);
        }

        await File.WriteAllBytesAsync(Path.Combine(root, DataFile), data);
        await File.WriteAllTextAsync(Path.Combine(root, "vmlinuz-test"), new string('k', 300_000));
        await File.WriteAllTextAsync(Path.Combine(root, "initrd-test.img"), new string('i', 200_000));
        string[] settings =
        [
            "Pxe:Serve:EnableDhcp=false",
            "Pxe:Serve:HttpListenAddress=127.0.0.1",
            "Pxe:Serve:HttpPort=0",
            "Pxe:Tftp:ListenAddress=127.0.0.1",
            "Pxe:Tftp:Port=0",
            "Pxe:Serve:Profiles:0:Name=test",
            "Pxe:Serve:Profiles:0:Kernel=vmlinuz-test",
            "Pxe:Serve:Profiles:0:Initrds:0=initrd-test.img",
            "Pxe:Serve:Profiles:0:NfsRoot=/srv/root",
            "Pxe:Serve:Profiles:0:Cmdline=console=ttyS0",
            .. extraSettings,
        ];
        (IConfiguration? config, IReadOnlyList<string> errors) = ServeConfiguration.Build(new ServeArguments { Root = root, ServerIp = "127.0.0.1", Settings = settings });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        WebApplication app = ServeHost.Build(config!);
        await app.StartAsync();
        return new ServeFixture(app, root);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }

    public static IPAddress Loopback => IPAddress.Loopback;
}
