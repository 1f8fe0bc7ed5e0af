// An application that already runs on the .NET generic host (here: a worker that does its own job) and adds
// only a TFTP server, serving a file generated per client (any other name: "file not found"). Run: dotnet run -- [--Pxe:Tftp:Port=6969]
// then: tftp 127.0.0.1 6969 -c get hello.txt
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pxe.Tftp;

HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);

// The application's own work.
builder.Services.AddHostedService<Heartbeat>();

// One TFTP server: a file per client from a callback, unprivileged port by default, loopback only.
builder.Services.AddSingleton<ITftpFileProvider>(new CallbackTftpFileProvider((context, _) =>
    ValueTask.FromResult<ReadOnlyMemory<byte>?>(context.FileName == "hello.txt"
        ? Encoding.UTF8.GetBytes($"hello {context.RemoteEndPoint.Address}\n")
        : null)));
builder.Services.AddPxeTftp(o =>
{
    o.ListenAddress = builder.Configuration["Pxe:Tftp:ListenAddress"] ?? "127.0.0.1";
    o.Port = builder.Configuration.GetValue("Pxe:Tftp:Port", 6969);
});

await builder.Build().RunAsync();

/// <summary>Stands for whatever the application already does.</summary>
internal sealed partial class Heartbeat(ILogger<Heartbeat> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30));
        do
        {
            Log.Alive(logger);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "application still doing its own work")]
        public static partial void Alive(ILogger logger);
    }
}
