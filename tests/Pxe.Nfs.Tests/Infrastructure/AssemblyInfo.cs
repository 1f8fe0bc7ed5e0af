// The NFS server serves Linux directories (statx, mknod, lchown); its tests run on Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
