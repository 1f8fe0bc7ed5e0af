using System.Globalization;
using Pxe.Testing;

namespace Pxe.Initcpio.Tests;

/// <summary>A scratch directory deleted on dispose, and helpers that describe trees with real tools.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = Directory.CreateTempSubdirectory("icpio-").FullName;
    }

    public string Path { get; }

    public string Sub(string name)
    {
        string p = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(p);
        return p;
    }

    public void Dispose()
    {
        try
        {
            // Make everything writable first: the trees hold read-only directories.
            PeerProcess.ShellAsync($"chmod -R u+rwx '{Path}' 2>/dev/null; rm -rf '{Path}'", TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        }
        catch (IOException)
        {
        }
    }
}

internal static class TestTree
{
    public static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs a shell command and fails the test on a non-zero exit.</summary>
    public static async Task<string> Sh(string command)
    {
        PeerResult r = await PeerProcess.ShellAsync(command, ToolTimeout);
        Assert.True(r.ExitCode == 0, $"{command}\n{r.Output}");
        return r.StandardOutput;
    }

    /// <summary>
    /// Builds a tree with every entry type the kernel unpacks: nested directories, files whose sizes hit every
    /// padding remainder, a set-uid file, a read-only directory, odd names, a symbolic link, hard links, a FIFO,
    /// character and block devices, foreign owners and fixed modification times.
    /// </summary>
    public static async Task CreateSampleAsync(string root)
    {
        await Sh($"""
            set -e
            cd '{root}'
            mkdir -p bin etc/conf.d 'odd dir' usr/lib/modules dev ro
            printf '' > empty
            printf a > one
            printf ab > two
            printf abc > three
            printf abcde > five
            head -c 70000 /dev/urandom > usr/lib/big.bin
            printf '#!/bin/sh\necho hi\n' > bin/tool && chmod 4755 bin/tool
            printf 'x' > 'odd dir/name with spaces & $dollar'
            printf 'unicode' > 'etc/conf.d/héllo-ünïcode'
            ln -s ../bin/tool usr/tool-link
            ln -s /nonexistent/target dangling
            printf 'shared data' > usr/lib/hard1 && ln usr/lib/hard1 usr/lib/hard2 && ln usr/lib/hard1 bin/hard3
            mkfifo dev/fifo
            mknod dev/null-copy c 1 3
            mknod dev/loop-copy b 7 0
            mknod dev/big-minor c 243 300000
            chown 1234:5678 one etc/conf.d && chown -h 42:43 usr/tool-link
            chmod 0600 two && chmod 0711 etc && chmod 1777 usr/lib/modules
            printf 'inside' > ro/file && chmod 0555 ro
            find . -exec touch -h -d '2021-03-04 05:06:07' {"{}"} +
            touch -d '1999-12-31 23:59:59' one
            """);
    }

    /// <summary>
    /// Describes a tree with GNU find and coreutils stat: one line per path with type, mode, owner, size
    /// (directories excepted), device numbers, modification time, link count and link target, plus a content hash.
    /// </summary>
    public static async Task<string> DescribeAsync(string root, bool includeRootEntry = false)
    {
        string mindepth = includeRootEntry ? "0" : "1";
        return await Sh($"""
            cd '{root}' && find . -mindepth {mindepth} -print0 | LC_ALL=C sort -z | while IFS= read -r -d '' p; do
              t=$(stat -c '%F' "$p")
              case "$t" in directory) s=-;; *) s=$(stat -c '%s' "$p");; esac
              case "$t" in "regular file"|"regular empty file") h=$(sha256sum < "$p" | cut -c1-16);; *) h=-;; esac
              printf '%s|%s|%s|%s:%s|%s|%s,%s|%s|%s|%s|%s\n' "$p" "$t" "$(stat -c '%a' "$p")" "$(stat -c '%u' "$p")" "$(stat -c '%g' "$p")" "$s" "$(stat -c '%t' "$p")" "$(stat -c '%T' "$p")" "$(stat -c '%Y' "$p")" "$(stat -c '%h' "$p")" "$(readlink "$p" || true)" "$h"
            done
            """);
    }
}
