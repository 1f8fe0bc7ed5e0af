using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Pxe.Tftp.Tests.Interop;

/// <summary>
/// Creates sockets inside a network namespace: a dedicated thread joins the namespace with <c>setns(2)</c> (which
/// changes only that thread) and creates every socket there. A socket keeps its namespace for life, so the
/// in-process server and client then run on ordinary threads but talk only inside the namespace.
/// </summary>
internal sealed partial class NamespaceSocketFactory : TftpSocketFactory, IDisposable
{
    private const int CloneNewNet = 0x40000000;
    private readonly BlockingCollection<(AddressFamily Family, TaskCompletionSource<Socket> Result)> _requests = new();
    private readonly Thread _thread;
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public NamespaceSocketFactory(string namespaceName)
    {
        _thread = new Thread(() => Run(namespaceName)) { IsBackground = true, Name = "netns " + namespaceName };
        _thread.Start();
        _joined.Task.GetAwaiter().GetResult();
    }

    public override Socket CreateUdpSocket(AddressFamily family)
    {
        var result = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests.Add((family, result));
        return result.Task.GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _requests.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(5));
        _requests.Dispose();
    }

    private void Run(string namespaceName)
    {
        try
        {
            using SafeFileHandle ns = File.OpenHandle("/var/run/netns/" + namespaceName, FileMode.Open, FileAccess.Read);
            if (SetNs((int)ns.DangerousGetHandle(), CloneNewNet) != 0)
            {
                throw new InvalidOperationException($"setns failed: errno {Marshal.GetLastPInvokeError()}");
            }

            _joined.SetResult();
        }
        catch (Exception e)
        {
            _joined.SetException(e);
            return;
        }

        foreach ((AddressFamily family, TaskCompletionSource<Socket> result) in _requests.GetConsumingEnumerable())
        {
            try
            {
                result.SetResult(base.CreateUdpSocket(family));
            }
            catch (Exception e)
            {
                result.SetException(e);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
