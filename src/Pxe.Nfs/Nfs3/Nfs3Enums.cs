namespace Pxe.Nfs;

/// <summary>An NFSv3 status (RFC 1813 §2.6, <c>nfsstat3</c>).</summary>
public enum Nfs3Status : uint
{
    /// <summary>Success.</summary>
    Ok = 0,
    /// <summary>Not owner.</summary>
    Perm = 1,
    /// <summary>No such file or directory.</summary>
    NoEnt = 2,
    /// <summary>I/O error.</summary>
    IO = 5,
    /// <summary>No such device or address.</summary>
    NxIO = 6,
    /// <summary>Permission denied.</summary>
    Access = 13,
    /// <summary>The file exists.</summary>
    Exist = 17,
    /// <summary>Cross-device link.</summary>
    XDev = 18,
    /// <summary>No such device.</summary>
    NoDev = 19,
    /// <summary>Not a directory.</summary>
    NotDir = 20,
    /// <summary>Is a directory.</summary>
    IsDir = 21,
    /// <summary>Invalid argument.</summary>
    Invalid = 22,
    /// <summary>File too large.</summary>
    FBig = 27,
    /// <summary>No space left.</summary>
    NoSpace = 28,
    /// <summary>Read-only file system.</summary>
    ReadOnlyFileSystem = 30,
    /// <summary>Too many hard links.</summary>
    MLink = 31,
    /// <summary>Name too long.</summary>
    NameTooLong = 63,
    /// <summary>Directory not empty.</summary>
    NotEmpty = 66,
    /// <summary>Quota exceeded.</summary>
    DQuot = 69,
    /// <summary>Stale file handle.</summary>
    Stale = 70,
    /// <summary>Too many levels of remote path.</summary>
    Remote = 71,
    /// <summary>Illegal file handle.</summary>
    BadHandle = 10001,
    /// <summary>SETATTR guard mismatch.</summary>
    NotSync = 10002,
    /// <summary>Stale READDIR cookie.</summary>
    BadCookie = 10003,
    /// <summary>Operation not supported.</summary>
    NotSupported = 10004,
    /// <summary>Buffer or request too small.</summary>
    TooSmall = 10005,
    /// <summary>Server fault.</summary>
    ServerFault = 10006,
    /// <summary>Type not supported.</summary>
    BadType = 10007,
    /// <summary>Try again later.</summary>
    Jukebox = 10008,
}

/// <summary>NFSv3 procedures (RFC 1813 §3).</summary>
public enum Nfs3Procedure : uint
{
    /// <summary>NULL.</summary>
    Null = 0,
    /// <summary>GETATTR.</summary>
    GetAttr = 1,
    /// <summary>SETATTR.</summary>
    SetAttr = 2,
    /// <summary>LOOKUP.</summary>
    Lookup = 3,
    /// <summary>ACCESS.</summary>
    Access = 4,
    /// <summary>READLINK.</summary>
    ReadLink = 5,
    /// <summary>READ.</summary>
    Read = 6,
    /// <summary>WRITE.</summary>
    Write = 7,
    /// <summary>CREATE.</summary>
    Create = 8,
    /// <summary>MKDIR.</summary>
    MkDir = 9,
    /// <summary>SYMLINK.</summary>
    Symlink = 10,
    /// <summary>MKNOD.</summary>
    MkNod = 11,
    /// <summary>REMOVE.</summary>
    Remove = 12,
    /// <summary>RMDIR.</summary>
    RmDir = 13,
    /// <summary>RENAME.</summary>
    Rename = 14,
    /// <summary>LINK.</summary>
    Link = 15,
    /// <summary>READDIR.</summary>
    ReadDir = 16,
    /// <summary>READDIRPLUS.</summary>
    ReadDirPlus = 17,
    /// <summary>FSSTAT.</summary>
    FsStat = 18,
    /// <summary>FSINFO.</summary>
    FsInfo = 19,
    /// <summary>PATHCONF.</summary>
    PathConf = 20,
    /// <summary>COMMIT.</summary>
    Commit = 21,
}

/// <summary>A file type (RFC 1813 §2.6, <c>ftype3</c>).</summary>
public enum NfsFileType : uint
{
    /// <summary>Regular file.</summary>
    Regular = 1,
    /// <summary>Directory.</summary>
    Directory = 2,
    /// <summary>Block device.</summary>
    Block = 3,
    /// <summary>Character device.</summary>
    Character = 4,
    /// <summary>Symbolic link.</summary>
    Symlink = 5,
    /// <summary>Socket.</summary>
    Socket = 6,
    /// <summary>Named pipe.</summary>
    Fifo = 7,
}

/// <summary>How WRITE data must reach stable storage (RFC 1813 §3.3.7, <c>stable_how</c>).</summary>
public enum NfsStableHow : uint
{
    /// <summary>May be cached; a COMMIT follows.</summary>
    Unstable = 0,
    /// <summary>Data on stable storage before replying.</summary>
    DataSync = 1,
    /// <summary>Data and metadata on stable storage before replying.</summary>
    FileSync = 2,
}

/// <summary>CREATE modes (RFC 1813 §3.3.8, <c>createmode3</c>).</summary>
public enum NfsCreateMode : uint
{
    /// <summary>Create or truncate.</summary>
    Unchecked = 0,
    /// <summary>Fail with EXIST if it exists.</summary>
    Guarded = 1,
    /// <summary>Exclusive create with a verifier, idempotent on retry.</summary>
    Exclusive = 2,
}

/// <summary>ACCESS bits (RFC 1813 §3.3.4).</summary>
[Flags]
public enum NfsAccess : uint
{
    /// <summary>No access.</summary>
    None = 0,
    /// <summary>Read data or list a directory.</summary>
    Read = 0b00_0001,
    /// <summary>Look up a name in a directory.</summary>
    Lookup = 0b00_0010,
    /// <summary>Rewrite data or modify a directory entry.</summary>
    Modify = 0b00_0100,
    /// <summary>Write new data or add a directory entry.</summary>
    Extend = 0b00_1000,
    /// <summary>Delete a directory entry.</summary>
    Delete = 0b01_0000,
    /// <summary>Execute a file.</summary>
    Execute = 0b10_0000,
}

/// <summary>NFSv3 limits and the values this server advertises in FSINFO.</summary>
public static class Nfs3Limits
{
    /// <summary>The NFS program version.</summary>
    public const uint Version = 3;

    /// <summary>The largest file handle (RFC 1813 §2.4, NFS3_FHSIZE).</summary>
    public const int MaxFileHandleLength = 64;

    /// <summary>The largest READ or WRITE this server accepts (rtmax/wtmax): 1 MiB.</summary>
    public const int MaxTransferSize = 1024 * 1024;

    /// <summary>The preferred READDIR size (dtpref): 64 KiB.</summary>
    public const int PreferredDirectorySize = 64 * 1024;

    /// <summary>The longest name component.</summary>
    public const int MaxNameLength = 255;

    /// <summary>The size of a cookie or write verifier (NFS3_COOKIEVERFSIZE, NFS3_WRITEVERFSIZE).</summary>
    public const int VerifierLength = 8;

    /// <summary>The standard NFS port.</summary>
    public const int DefaultPort = 2049;
}
