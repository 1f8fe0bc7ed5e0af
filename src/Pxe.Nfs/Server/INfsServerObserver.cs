using System.Net;

namespace Pxe.Nfs;

/// <summary>
/// Told what an <see cref="NfsServer"/> does at the granularity of connections and mounts — who connected, who
/// mounted what, how much a connection moved — so a host can follow clients without reading logs. Every method has
/// an empty default body: implement only what you need.
/// </summary>
/// <remarks>
/// <para>
/// Methods are called per TCP connection and per MOUNT call, never per NFS call or per datagram, on the thread that
/// serves the connection: keep them short and do not block. They may be called concurrently for different
/// connections. An exception thrown by an observer is caught and logged (once at Warning, later ones at Debug); it
/// never closes a connection or changes a reply.
/// </para>
/// <para>
/// Register one with <c>services.AddSingleton&lt;INfsServerObserver, MyObserver&gt;()</c> next to
/// <c>AddPxeNfs</c>, or pass it to the <see cref="NfsServer"/> constructor.
/// </para>
/// </remarks>
public interface INfsServerObserver
{
    /// <summary>A client opened a TCP connection to the NFS or MOUNT port (not the portmapper's).</summary>
    /// <param name="peer">The client's address and port.</param>
    void OnConnectionOpened(IPEndPoint peer)
    {
    }

    /// <summary>A TCP connection reported by <see cref="OnConnectionOpened"/> ended, for whatever reason.</summary>
    /// <param name="peer">The client's address and port.</param>
    /// <param name="records">The RPC records (calls) the connection carried.</param>
    /// <param name="bytesReceived">Bytes received from the client, record marks included.</param>
    /// <param name="bytesSent">Bytes sent to the client, record marks included.</param>
    void OnConnectionClosed(IPEndPoint peer, long records, long bytesReceived, long bytesSent)
    {
    }

    /// <summary>A MOUNT MNT call (any version, TCP or UDP) was answered with a file handle.</summary>
    /// <param name="peer">The client's address, when known.</param>
    /// <param name="path">The path the client mounted, as it sent it.</param>
    void OnMountGranted(IPAddress? peer, string path)
    {
    }

    /// <summary>A MOUNT MNT call was refused.</summary>
    /// <param name="peer">The client's address, when known.</param>
    /// <param name="path">The path the client asked for, as it sent it.</param>
    /// <param name="status">Why: <see cref="MountStatus.Access"/> for a path not exported (or not to this client), <see cref="MountStatus.NoEnt"/> for a missing directory below an export.</param>
    void OnMountRefused(IPAddress? peer, string path, MountStatus status)
    {
    }
}
