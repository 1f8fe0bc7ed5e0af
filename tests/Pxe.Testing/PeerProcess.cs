using System.Diagnostics;
using System.Text;

namespace Pxe.Testing;

/// <summary>The outcome of a finished child process.</summary>
/// <param name="ExitCode">The exit code, or -1 when the process was killed at its time limit.</param>
/// <param name="StandardOutput">Everything it wrote to standard output.</param>
/// <param name="StandardError">Everything it wrote to standard error.</param>
/// <param name="TimedOut">Whether the time limit ended it.</param>
/// <param name="Elapsed">Wall time from start to exit.</param>
public sealed record PeerResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut, TimeSpan Elapsed)
{
    /// <summary>Standard output and standard error, for assertion messages.</summary>
    public string Output => $"exit {ExitCode}{(TimedOut ? " (timed out)" : "")}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}

/// <summary>
/// Runs a real peer (a Debian tool such as curl, tftp, udhcpc or rpcinfo) as a child process with a time limit
/// and captured output. A process still running at its limit is killed with its whole process tree.
/// </summary>
public sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private PeerProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The operating-system process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Standard output captured so far.</summary>
    public string StandardOutputSoFar { get { lock (_stdout) { return _stdout.ToString(); } } }

    /// <summary>Standard error captured so far.</summary>
    public string StandardErrorSoFar { get { lock (_stderr) { return _stderr.ToString(); } } }

    /// <summary>Runs <paramref name="fileName"/> to completion or until <paramref name="timeout"/>, whichever is first.</summary>
    public static async Task<PeerResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, string? standardInput = null, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        await using PeerProcess peer = Start(fileName, arguments, workingDirectory, environment, redirectInput: standardInput is not null);
        if (standardInput is not null)
        {
            await peer._process.StandardInput.WriteAsync(standardInput).ConfigureAwait(false);
            peer._process.StandardInput.Close();
        }

        return await peer.WaitAsync(timeout).ConfigureAwait(false);
    }

    /// <summary>Runs <c>/bin/sh -c <paramref name="command"/></c> with a time limit.</summary>
    public static Task<PeerResult> ShellAsync(string command, TimeSpan timeout) => RunAsync("/bin/sh", ["-c", command], timeout);

    /// <summary>Starts a long-running peer (a server, say); dispose it to stop it.</summary>
    public static PeerProcess Start(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null, bool redirectInput = false)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        if (environment is not null)
        {
            foreach (KeyValuePair<string, string> pair in environment)
            {
                info.Environment[pair.Key] = pair.Value;
            }
        }

        var process = new Process { StartInfo = info };
        var peer = new PeerProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (peer._stdout) { peer._stdout.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (peer._stderr) { peer._stderr.AppendLine(e.Data); } } };
        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start {fileName}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>Waits until the process writes <paramref name="text"/> to standard output or error, or the time limit passes.</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (StandardOutputSoFar.Contains(text, StringComparison.Ordinal) || StandardErrorSoFar.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            if (_process.HasExited)
            {
                return false;
            }

            await Task.Delay(20).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>Waits for exit; kills the process tree when <paramref name="timeout"/> passes first.</summary>
    public async Task<PeerResult> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        bool timedOut = false;
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            Kill();
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        // Drain the asynchronous readers.
        _process.WaitForExit();
        return new PeerResult(timedOut ? -1 : _process.ExitCode, StandardOutputSoFar, StandardErrorSoFar, timedOut, _clock.Elapsed);
    }

    /// <summary>Sends SIGTERM and waits up to <paramref name="grace"/> before killing.</summary>
    public async Task<PeerResult> StopAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            using (Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
            }
        }

        return await WaitAsync(grace).ConfigureAwait(false);
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Kill();
        if (!_process.HasExited)
        {
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        _process.Dispose();
    }
}
