using System.Net;
using System.Net.NetworkInformation;

namespace Pxe.Tftp.Tests.Providers;

public sealed class DirectoryTftpFileProviderTests : IDisposable
{
    private readonly string _base = Directory.CreateTempSubdirectory("pxe-tftp-jail-").FullName;
    private readonly string _root;
    private readonly string _outside;

    public DirectoryTftpFileProviderTests()
    {
        _root = Path.Combine(_base, "root");
        _outside = Path.Combine(_base, "outside");
        Directory.CreateDirectory(Path.Combine(_root, "sub"));
        Directory.CreateDirectory(_outside);
        File.WriteAllText(Path.Combine(_root, "file.txt"), "inside");
        File.WriteAllText(Path.Combine(_root, "sub", "nested.txt"), "nested");
        File.WriteAllText(Path.Combine(_outside, "secret.txt"), "secret");
        File.CreateSymbolicLink(Path.Combine(_root, "escape.txt"), Path.Combine(_outside, "secret.txt"));
        File.CreateSymbolicLink(Path.Combine(_root, "relescape.txt"), "../outside/secret.txt");
        Directory.CreateSymbolicLink(Path.Combine(_root, "outdir"), _outside);
        File.CreateSymbolicLink(Path.Combine(_root, "alias.txt"), "sub/nested.txt");
    }

    public void Dispose() => Directory.Delete(_base, recursive: true);

    private static TftpRequestContext Context(string name) => new(new IPEndPoint(IPAddress.Loopback, 1234), name, TftpTransferMode.Octet);

    private async Task<(TftpErrorCode Code, string? Text)> ReadAsync(string name, DirectoryTftpFileProviderOptions? options = null)
    {
        var provider = new DirectoryTftpFileProvider(_root, options);
        TftpOpenResult<ITftpReadableFile> result = await provider.OpenReadAsync(Context(name), default);
        if (result.File is null)
        {
            return (result.ErrorCode, result.ErrorMessage);
        }

        using ITftpReadableFile file = result.File;
        byte[] buffer = new byte[file.Length];
        file.Read(0, buffer);
        return (TftpErrorCode.NotDefined, System.Text.Encoding.ASCII.GetString(buffer));
    }

    [Theory]
    [InlineData("file.txt", "inside")]
    [InlineData("sub/nested.txt", "nested")]
    [InlineData("alias.txt", "nested")]
    public async Task Plain_names_and_links_inside_the_root_are_served(string name, string expected)
    {
        (TftpErrorCode code, string? text) = await ReadAsync(name);
        Assert.Equal(TftpErrorCode.NotDefined, code);
        Assert.Equal(expected, text);
    }

    [Theory]
    [InlineData("../outside/secret.txt")]
    [InlineData("sub/../../outside/secret.txt")]
    [InlineData("..")]
    [InlineData("./file.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("/file.txt")]
    [InlineData("..\\outside\\secret.txt")]
    [InlineData("sub\\nested.txt")]
    [InlineData("%2e%2e/outside/secret.txt")]
    [InlineData("%2E%2E%2Foutside%2Fsecret.txt")]
    [InlineData("..%2foutside%2fsecret.txt")]
    [InlineData("%252e%252e/outside/secret.txt")]
    [InlineData("file.txt\0.png")]
    [InlineData("sub//nested.txt")]
    [InlineData("sub/")]
    [InlineData("")]
    [InlineData("escape.txt")]
    [InlineData("relescape.txt")]
    [InlineData("outdir/secret.txt")]
    [InlineData("C:secret.txt")]
    public async Task Every_escape_form_is_refused_with_access_violation(string name)
    {
        (TftpErrorCode code, string? text) = await ReadAsync(name);
        Assert.Equal(TftpErrorCode.AccessViolation, code);
        Assert.NotEqual("secret", text);
    }

    [Fact]
    public async Task Read_ahead_and_prefetch_return_the_file_bytes_for_any_offset_and_length()
    {
        byte[] content = new byte[300_000];
        new Random(5).NextBytes(content);
        await File.WriteAllBytesAsync(Path.Combine(_root, "big.bin"), content);
        var provider = new DirectoryTftpFileProvider(_root);
        using ITftpReadableFile file = (await provider.OpenReadAsync(Context("big.bin"), default)).File!;
        Assert.Equal(content.Length, file.Length);
        var random = new Random(9);
        byte[] buffer = new byte[TftpLimits.MaxBlockSize * 3];
        for (int i = 0; i < 500; i++)
        {
            long offset = i % 5 == 0 ? random.Next(content.Length + 10) : (i * 1468L) % content.Length; // random and sequential
            int length = random.Next(i % 7 == 0 ? buffer.Length : 1469);
            if (i % 3 == 0)
            {
                // A prefetch hint (the next block, somewhere else, past the end) never changes what a read returns.
                file.Prefetch(i % 2 == 0 ? offset : random.Next(content.Length + 100), random.Next(TftpLimits.MaxBlockSize * 3));
            }

            int n = file.Read(offset, buffer.AsSpan(0, length));
            int expected = (int)Math.Max(0, Math.Min(length, content.Length - offset));
            Assert.Equal(expected, n);
            Assert.True(content.AsSpan((int)Math.Min(offset, content.Length), n).SequenceEqual(buffer.AsSpan(0, n)), $"offset {offset} length {length}");
        }
    }

    [Theory]
    [InlineData("missing.txt")]
    [InlineData("sub")]
    public async Task Missing_files_and_directories_are_not_found(string name)
    {
        (TftpErrorCode code, _) = await ReadAsync(name);
        Assert.Equal(TftpErrorCode.FileNotFound, code);
    }

    [Fact]
    public async Task Writes_are_refused_by_default()
    {
        var provider = new DirectoryTftpFileProvider(_root);
        TftpOpenResult<ITftpWritableFile> result = await provider.OpenWriteAsync(Context("new.bin"), null, default);
        Assert.Null(result.File);
        Assert.Equal(TftpErrorCode.AccessViolation, result.ErrorCode);
        Assert.False(File.Exists(Path.Combine(_root, "new.bin")));
    }

    [Fact]
    public async Task Writes_go_to_a_temporary_file_renamed_on_commit()
    {
        var provider = new DirectoryTftpFileProvider(_root, new DirectoryTftpFileProviderOptions { AllowWrite = true, MaxWriteSize = 100 });
        TftpOpenResult<ITftpWritableFile> result = await provider.OpenWriteAsync(Context("sub/new.bin"), null, default);
        using (ITftpWritableFile file = result.File!)
        {
            file.Write("hello"u8);
            Assert.False(File.Exists(Path.Combine(_root, "sub", "new.bin")));
            Assert.Single(Directory.GetFiles(Path.Combine(_root, "sub"), ".new.bin.*.tftp-tmp"));
            file.Commit();
        }

        Assert.Equal("hello", File.ReadAllText(Path.Combine(_root, "sub", "new.bin")));
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "sub"), "*.tftp-tmp"));
    }

    [Fact]
    public async Task Aborted_writes_leave_nothing_and_limits_and_existing_files_are_enforced()
    {
        var provider = new DirectoryTftpFileProvider(_root, new DirectoryTftpFileProviderOptions { AllowWrite = true, MaxWriteSize = 4 });
        using (ITftpWritableFile file = (await provider.OpenWriteAsync(Context("a.bin"), null, default)).File!)
        {
            Assert.Throws<TftpTransferException>(() => file.Write("hello"u8));
        }

        Assert.Empty(Directory.GetFiles(_root, "*a.bin*"));
        Assert.Equal(TftpErrorCode.DiskFull, (await provider.OpenWriteAsync(Context("b.bin"), 5, default)).ErrorCode);
        Assert.Equal(TftpErrorCode.FileAlreadyExists, (await provider.OpenWriteAsync(Context("file.txt"), null, default)).ErrorCode);
        Assert.Equal(TftpErrorCode.AccessViolation, (await provider.OpenWriteAsync(Context("outdir/x.bin"), null, default)).ErrorCode);
        Assert.Equal(TftpErrorCode.AccessViolation, (await provider.OpenWriteAsync(Context("../x.bin"), null, default)).ErrorCode);
        Assert.False(File.Exists(Path.Combine(_outside, "x.bin")));
    }

    [Fact]
    public async Task Callback_provider_sees_address_mac_and_name_and_falls_back()
    {
        var fallback = new InMemoryTftpFileProvider();
        fallback.Set("static", "s"u8.ToArray());
        TftpRequestContext? seen = null;
        var provider = new CallbackTftpFileProvider((ctx, _) =>
        {
            seen = ctx;
            return ValueTask.FromResult<ReadOnlyMemory<byte>?>(ctx.FileName == "boot.ipxe" ? new ReadOnlyMemory<byte>(System.Text.Encoding.ASCII.GetBytes($"#!ipxe\necho {ctx.HardwareAddress}")) : (ReadOnlyMemory<byte>?)null);
        }, fallback);
        var context = new TftpRequestContext(new IPEndPoint(IPAddress.Parse("192.0.2.9"), 2000), "boot.ipxe", TftpTransferMode.Octet, PhysicalAddress.Parse("52-54-00-12-34-56"));
        using ITftpReadableFile file = (await provider.OpenReadAsync(context, default)).File!;
        byte[] buffer = new byte[file.Length];
        file.Read(0, buffer);
        Assert.Equal("#!ipxe\necho 525400123456", System.Text.Encoding.ASCII.GetString(buffer));
        Assert.Equal(IPAddress.Parse("192.0.2.9"), seen!.RemoteEndPoint.Address);
        Assert.NotNull((await provider.OpenReadAsync(Context("static"), default)).File);
        Assert.Equal(TftpErrorCode.FileNotFound, (await provider.OpenReadAsync(Context("other"), default)).ErrorCode);
    }
}
