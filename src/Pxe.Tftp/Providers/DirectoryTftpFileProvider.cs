using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace Pxe.Tftp;

/// <summary>
/// Serves files from a directory that is a jail: names are checked by <see cref="TftpPathRules"/>, and after
/// opening, the real path of the open handle (<c>/proc/self/fd</c>) must still lie under the real path of the
/// root, so a symbolic link that leaves the root is refused even if it was swapped in after the check.
/// </summary>
public sealed class DirectoryTftpFileProvider : ITftpFileProvider, ITftpWritableFileProvider
{
    private readonly string _root;
    private readonly string _realRoot;
    private readonly DirectoryTftpFileProviderOptions _options;

    /// <summary>Creates a provider serving <paramref name="root"/>.</summary>
    /// <exception cref="DirectoryNotFoundException"><paramref name="root"/> does not exist.</exception>
    public DirectoryTftpFileProvider(string root, DirectoryTftpFileProviderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _root = Path.GetFullPath(root);
        if (!Directory.Exists(_root))
        {
            throw new DirectoryNotFoundException($"TFTP root '{_root}' does not exist");
        }

        _realRoot = RealPath(_root);
        _options = options ?? new DirectoryTftpFileProviderOptions();
    }

    /// <summary>The root directory, as a full path.</summary>
    public string Root => _root;

    /// <inheritdoc />
    public ValueTask<TftpOpenResult<ITftpReadableFile>> OpenReadAsync(TftpRequestContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!TftpPathRules.TryGetRelativePath(context.FileName, out string relative, out TftpPathRejection rejection))
        {
            return new(TftpOpenResult<ITftpReadableFile>.Error(TftpErrorCode.AccessViolation, Describe(rejection)));
        }

        string path = Path.Combine(_root, relative);
        if (Directory.Exists(path))
        {
            return new(TftpOpenResult<ITftpReadableFile>.Error(TftpErrorCode.FileNotFound, "is a directory"));
        }

        SafeFileHandle handle;
        try
        {
            if (!File.Exists(path))
            {
                return new(TftpOpenResult<ITftpReadableFile>.Error(TftpErrorCode.FileNotFound, "file not found"));
            }

            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            return new(TftpOpenResult<ITftpReadableFile>.Error(TftpErrorCode.FileNotFound, "file not found"));
        }
        catch (DirectoryNotFoundException)
        {
            return new(TftpOpenResult<ITftpReadableFile>.Error(TftpErrorCode.FileNotFound, "file not found"));
        }
        catch (UnauthorizedAccessException)
        {
            return new(TftpOpenResult<ITftpReadableFile>.Error(TftpErrorCode.AccessViolation, "permission denied"));
        }
        catch (IOException)
        {
            return new(TftpOpenResult<ITftpReadableFile>.Error(TftpErrorCode.AccessViolation, "cannot open file"));
        }

        if (!IsInsideRoot(handle, path))
        {
            handle.Dispose();
            return new(TftpOpenResult<ITftpReadableFile>.Error(TftpErrorCode.AccessViolation, Describe(TftpPathRejection.EscapesRoot)));
        }

        long length = RandomAccess.GetLength(handle);
        return new(TftpOpenResult<ITftpReadableFile>.Success(new HandleTftpFile(handle, length)));
    }

    /// <inheritdoc />
    public ValueTask<TftpOpenResult<ITftpWritableFile>> OpenWriteAsync(TftpRequestContext context, long? announcedSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!_options.AllowWrite)
        {
            return new(TftpOpenResult<ITftpWritableFile>.Error(TftpErrorCode.AccessViolation, "writes are disabled"));
        }

        if (!TftpPathRules.TryGetRelativePath(context.FileName, out string relative, out TftpPathRejection rejection))
        {
            return new(TftpOpenResult<ITftpWritableFile>.Error(TftpErrorCode.AccessViolation, Describe(rejection)));
        }

        if (announcedSize > _options.MaxWriteSize)
        {
            return new(TftpOpenResult<ITftpWritableFile>.Error(TftpErrorCode.DiskFull, string.Create(CultureInfo.InvariantCulture, $"file larger than the limit of {_options.MaxWriteSize} bytes")));
        }

        string path = Path.Combine(_root, relative);
        string? directory = Path.GetDirectoryName(path);
        if (directory is null || !Directory.Exists(directory) || !RealPath(directory).StartsWith(_realRoot, StringComparison.Ordinal))
        {
            return new(TftpOpenResult<ITftpWritableFile>.Error(TftpErrorCode.AccessViolation, "directory not found or outside the root"));
        }

        if (!_options.AllowOverwrite && (File.Exists(path) || Directory.Exists(path)))
        {
            return new(TftpOpenResult<ITftpWritableFile>.Error(TftpErrorCode.FileAlreadyExists, "file already exists"));
        }

        string temp = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tftp-tmp");
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 65536);
            return new(TftpOpenResult<ITftpWritableFile>.Success(new TempFileWriter(stream, temp, path, _options.AllowOverwrite, _options.MaxWriteSize)));
        }
        catch (IOException)
        {
            return new(TftpOpenResult<ITftpWritableFile>.Error(TftpErrorCode.AccessViolation, "cannot create file"));
        }
        catch (UnauthorizedAccessException)
        {
            return new(TftpOpenResult<ITftpWritableFile>.Error(TftpErrorCode.AccessViolation, "permission denied"));
        }
    }

    private bool IsInsideRoot(SafeFileHandle handle, string path)
    {
        string real;
        if (OperatingSystem.IsLinux())
        {
            string link = "/proc/self/fd/" + handle.DangerousGetHandle().ToInt64().ToString(CultureInfo.InvariantCulture);
            real = new FileInfo(link).LinkTarget ?? RealPath(path);
        }
        else
        {
            real = RealPath(path);
        }

        return real.StartsWith(_realRoot + "/", StringComparison.Ordinal) || (Path.DirectorySeparatorChar != '/' && real.StartsWith(_realRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }

    /// <summary>Resolves every symbolic link in <paramref name="path"/>, component by component (at most 40 links, as Linux).</summary>
    private static string RealPath(string path)
    {
        string full = Path.GetFullPath(path);
        string root = Path.GetPathRoot(full) ?? "/";
        string current = root;
        var pending = new Stack<string>(full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse());
        int links = 0;
        while (pending.Count > 0)
        {
            string part = pending.Pop();
            string next = Path.Combine(current, part);
            var info = new FileInfo(next);
            string? target = info.Exists || Directory.Exists(next) ? info.LinkTarget : null;
            if (target is null)
            {
                current = Path.GetFullPath(next);
                continue;
            }

            if (++links > 40)
            {
                throw new IOException($"too many symbolic links resolving '{path}'");
            }

            string resolved = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target));
            string resolvedRoot = Path.GetPathRoot(resolved) ?? "/";
            foreach (string p in resolved[resolvedRoot.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse())
            {
                pending.Push(p);
            }

            current = resolvedRoot;
        }

        return current.Length > 1 ? current.TrimEnd(Path.DirectorySeparatorChar) : current;
    }

    private static string Describe(TftpPathRejection rejection) => rejection switch
    {
        TftpPathRejection.Empty => "empty file name",
        TftpPathRejection.Absolute => "absolute paths are not allowed",
        TftpPathRejection.DotSegment => "'.' and '..' are not allowed",
        TftpPathRejection.Backslash => "backslashes are not allowed",
        TftpPathRejection.Encoded => "percent-encoded names are not allowed",
        TftpPathRejection.ControlCharacter => "control characters are not allowed",
        TftpPathRejection.EmptySegment => "empty path segments are not allowed",
        TftpPathRejection.EscapesRoot => "path leaves the root",
        _ => "access violation",
    };

    private sealed class TempFileWriter : ITftpWritableFile
    {
        private readonly FileStream _stream;
        private readonly string _temp;
        private readonly string _final;
        private readonly bool _overwrite;
        private readonly long _maxSize;
        private bool _committed;

        public TempFileWriter(FileStream stream, string temp, string final, bool overwrite, long maxSize)
        {
            _stream = stream;
            _temp = temp;
            _final = final;
            _overwrite = overwrite;
            _maxSize = maxSize;
        }

        public void Write(ReadOnlySpan<byte> data)
        {
            if (_stream.Position + data.Length > _maxSize)
            {
                ThrowHelper.ThrowTransferFailed(TftpErrorCode.DiskFull, string.Create(CultureInfo.InvariantCulture, $"file larger than the limit of {_maxSize} bytes"));
            }

            _stream.Write(data);
        }

        public void Commit()
        {
            _stream.Flush(flushToDisk: true);
            _stream.Dispose();
            File.Move(_temp, _final, _overwrite);
            _committed = true;
        }

        public void Dispose()
        {
            _stream.Dispose();
            if (!_committed)
            {
                try
                {
                    File.Delete(_temp);
                }
                catch (IOException)
                {
                    // Best effort: a leftover hidden .tftp-tmp file is harmless.
                }
            }
        }
    }
}
