using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pxe.Dhcp;
using Pxe.Nfs;
using Pxe.Tftp;

namespace Pxe.Host.Serve;

/// <summary>
/// Composes <c>pxe serve</c> on one generic host: DHCP (<c>AddPxeDhcp</c>), TFTP (<c>AddPxeTftp</c>), NFS
/// (<c>AddPxeNfs</c>) and HTTP on Kestrel — static files from the root with Range requests, the generated iPXE
/// scripts, the profiles' kernels and initrds, the status page, <c>/api/clients</c> and <c>/metrics</c>.
/// </summary>
internal static class ServeHost
{
    /// <summary>The meter of the HTTP side (<c>pxe.http.*</c>).</summary>
    public const string MeterName = "Pxe.Serve";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Builds the application from configuration (sections <c>Pxe:Serve</c>, <c>Pxe:Dhcp</c>, <c>Pxe:Tftp</c>, <c>Pxe:Nfs</c>).</summary>
    public static WebApplication Build(IConfiguration configuration, Action<ILoggingBuilder>? logging = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        logging?.Invoke(builder.Logging);
        builder.Logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>("Microsoft.AspNetCore", LogLevel.Warning);

        ServeOptions serve = configuration.GetSection(ServeOptions.SectionName).Get<ServeOptions>() ?? new ServeOptions();
        builder.Services.AddOptions<ServeOptions>().BindConfiguration(ServeOptions.SectionName);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<BootProgressTracker>();
        builder.Services.AddSingleton<IpxeScriptGenerator>();
        builder.Services.AddSingleton<PrometheusExporter>();
        builder.Services.AddSingleton(sp => new ServeMetrics(sp.GetRequiredService<IMeterFactory>()));

        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Parse(serve.HttpListenAddress), serve.HttpPort);
        });

        if (serve.EnableDhcp)
        {
            builder.Services.AddSingleton<IBootPolicy>(sp => new TrackingBootPolicy(
                sp.GetRequiredService<IOptions<DhcpServerOptions>>().Value.BuildBootPolicy(),
                sp.GetRequiredService<BootProgressTracker>()));
            builder.Services.AddPxeDhcp();
            if (serve.AnswerRouterSolicitations && serve.Interface is { } iface)
            {
                builder.Services.AddHostedService(sp => new RouterAdvertiser(iface, sp.GetRequiredService<ILogger<RouterAdvertiser>>()));
            }
        }

        if (serve.EnableTftp)
        {
            builder.Services.AddSingleton<ITftpFileProvider, ServeTftpFileProvider>();
            builder.Services.AddSingleton<ITftpTransferObserver, TftpProgressObserver>();
            builder.Services.AddPxeTftp();
        }

        bool nfs = serve.EnableNfs ?? configuration.GetSection(NfsServerOptions.SectionName + ":Exports").GetChildren().Any();
        if (nfs)
        {
            builder.Services.AddSingleton<INfsServerObserver, NfsProgressObserver>();
            builder.Services.AddPxeNfs();
        }

        WebApplication app = builder.Build();
        ConfigurePipeline(app, serve);
        return app;
    }

    private static void ConfigurePipeline(WebApplication app, ServeOptions serve)
    {
        BootProgressTracker tracker = app.Services.GetRequiredService<BootProgressTracker>();
        IpxeScriptGenerator scripts = app.Services.GetRequiredService<IpxeScriptGenerator>();
        PrometheusExporter prometheus = app.Services.GetRequiredService<PrometheusExporter>();
        ServeMetrics metrics = app.Services.GetRequiredService<ServeMetrics>();
        if (app.Services.GetService<IDhcpLeaseStore>() is { } leases)
        {
            tracker.AddressResolver = address =>
                Ipv4Address.TryParse(address.ToString(), out Ipv4Address a) && leases.TryGetByAddress(a, out DhcpLease lease) ? MacOf(lease.Client) : null;
        }

        // Progress and metrics for every file response: the phase is told by what was fetched.
        app.Use(async (context, next) =>
        {
            await next(context).ConfigureAwait(false);
            long bytes = context.Response.ContentLength ?? 0;
            metrics.Request(context.Response.StatusCode, HttpMethods.IsHead(context.Request.Method) ? 0 : bytes);
            if (context.Connection.RemoteIpAddress is { } remote && context.Response.StatusCode is 200 or 206
                && !context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/metrics")
                && !context.Request.Path.StartsWithSegments("/status") && context.Request.Path != "/")
            {
                BootPhase phase = Classify(context.Request.Path.Value ?? string.Empty, serve);
                tracker.OnRequest(remote, context.Request.Query["mac"].FirstOrDefault(), phase, "HTTP " + context.Request.Path, HttpMethods.IsHead(context.Request.Method) ? 0 : bytes);
            }
        });

        app.MapGet("/", () => Results.Redirect("/status"));
        app.MapGet("/status", (HttpContext c) => WriteText(c, StatusPage.Render(tracker.Snapshot(), DateTimeOffset.UtcNow), "text/html; charset=utf-8"));
        app.MapGet("/api/clients", (HttpContext c) => WriteText(c, JsonSerializer.Serialize(new { clients = tracker.Snapshot() }, Json), "application/json; charset=utf-8"));
        app.MapGet("/metrics", (HttpContext c) => WriteText(c, prometheus.Render(), "text/plain; version=0.0.4; charset=utf-8"));
        app.MapGet("/" + ServeOptions.GeneratedScriptName, (HttpContext c, string? mac) =>
        {
            IPAddress remote = c.Connection.RemoteIpAddress ?? IPAddress.Loopback;
            BootProfile? profile = scripts.SelectFor(remote, mac);
            string host = c.Request.Host.Host is { Length: > 0 } h ? h : serve.ServerIp ?? "127.0.0.1";
            string httpBase = $"http://{host}{(c.Request.Host.Port is int port ? ":" + port.ToString(CultureInfo.InvariantCulture) : string.Empty)}";
            return WriteText(c, scripts.Generate(profile, httpBase), "text/plain; charset=utf-8");
        });
        app.MapMethods("/profiles/{name}/kernel/{file}", ["GET", "HEAD"], (string name) => ProfileFile(scripts.ResolveFile(name, "kernel", 0)));
        app.MapMethods("/profiles/{name}/initrd/{index:int}/{file}", ["GET", "HEAD"], (string name, int index) => ProfileFile(scripts.ResolveFile(name, "initrd", index)));
        app.MapPost("/api/clients/{mac}/booted", (string mac, HttpContext c) =>
        {
            tracker.OnRequest(c.Connection.RemoteIpAddress ?? IPAddress.Loopback, mac, BootPhase.Booted, "reported booted", 0);
            return Results.NoContent();
        });

        if (serve.Root is { } root && Directory.Exists(root))
        {
            var types = new FileExtensionContentTypeProvider();
            types.Mappings[".ipxe"] = "text/plain";
            types.Mappings[".kpxe"] = "application/octet-stream";
            types.Mappings[".efi"] = "application/octet-stream";
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(Path.GetFullPath(root)),
                ServeUnknownFileTypes = true,
                DefaultContentType = "application/octet-stream",
                ContentTypeProvider = types,
            });
        }
    }

    /// <summary>The MAC in a lease key: hardware type 1 (Ethernet) then six bytes, from chaddr or option 61.</summary>
    private static string? MacOf(DhcpClientKey key)
    {
        ReadOnlySpan<byte> b = key.AsSpan();
        return b.Length == 7 && b[0] == 1 ? BootProgressTracker.FormatMac(b[1..]) : null;
    }

    /// <summary>The phase a fetched path stands for (kernel, initrd, script, root image), or None.</summary>
    internal static BootPhase Classify(string path, ServeOptions serve)
    {
        string name = Path.GetFileName(path).ToLowerInvariant();
        if (path.StartsWith("/profiles/", StringComparison.Ordinal))
        {
            return path.Contains("/kernel/", StringComparison.Ordinal) ? BootPhase.Kernel : BootPhase.Initrd;
        }

        if (name.EndsWith(".ipxe", StringComparison.Ordinal))
        {
            return BootPhase.Script;
        }

        if (name.StartsWith("vmlinuz", StringComparison.Ordinal) || name.StartsWith("bzimage", StringComparison.Ordinal) || name is "kernel" or "linux")
        {
            return BootPhase.Kernel;
        }

        if (name.StartsWith("initrd", StringComparison.Ordinal) || name.StartsWith("initramfs", StringComparison.Ordinal))
        {
            return BootPhase.Initrd;
        }

        foreach (BootProfile p in serve.Profiles)
        {
            if (p.HttpRoot is { } r && path.EndsWith(r.TrimStart('/'), StringComparison.Ordinal))
            {
                return BootPhase.Root;
            }
        }

        return BootPhase.None;
    }

    private static IResult ProfileFile(string? path) =>
        path is not null && File.Exists(path)
            ? Results.File(Path.GetFullPath(path), "application/octet-stream", enableRangeProcessing: true)
            : Results.NotFound();

    /// <summary>Writes UTF-8 text with its Content-Length (iPXE is far slower on responses without one).</summary>
    private static async Task WriteText(HttpContext context, string text, string contentType)
    {
        byte[] body = Encoding.UTF8.GetBytes(text);
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        context.Response.Headers.CacheControl = "no-store";
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(body).ConfigureAwait(false);
        }
    }
}

/// <summary>The <c>Pxe.Serve</c> meter: HTTP responses by status and bytes sent.</summary>
internal sealed class ServeMetrics
{
    private readonly Counter<long> _requests;
    private readonly Counter<long> _bytes;

    public ServeMetrics(IMeterFactory factory)
    {
        Meter meter = factory.Create(ServeHost.MeterName);
        _requests = meter.CreateCounter<long>("pxe.http.requests", "{request}", "HTTP responses, by status code.");
        _bytes = meter.CreateCounter<long>("pxe.http.bytes", "By", "HTTP response body bytes.");
    }

    public void Request(int status, long bytes)
    {
        _requests.Add(1, new KeyValuePair<string, object?>("status", status.ToString(CultureInfo.InvariantCulture)));
        _bytes.Add(bytes);
    }
}
